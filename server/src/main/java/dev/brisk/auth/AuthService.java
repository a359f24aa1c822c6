package dev.brisk.auth;

import dev.brisk.platform.ApiException;
import dev.brisk.platform.Caller;
import dev.brisk.platform.replica.ReadRouting;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Service
class AuthService {

    record LoginResult(String token, Instant expiresAt, UserView user) {}

    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordEncoder encoder;
    private final LoginThrottle throttle;
    private final AuthProperties properties;
    private final TokenCache tokens;
    private final AuthMetrics metrics;
    /** Compared against when the email is unknown, so both paths cost one hash check. */
    private final String decoyHash;

    AuthService(
            UserRepository users,
            SessionRepository sessions,
            PasswordEncoder encoder,
            LoginThrottle throttle,
            AuthProperties properties,
            TokenCache tokens,
            AuthMetrics metrics) {
        this.users = users;
        this.sessions = sessions;
        this.encoder = encoder;
        this.throttle = throttle;
        this.properties = properties;
        this.tokens = tokens;
        this.metrics = metrics;
        this.decoyHash = encoder.encode("brisk-decoy-password");
    }

    @Transactional
    LoginResult login(String rawEmail, String password, String address) {
        String email = rawEmail.strip().toLowerCase(Locale.ROOT);
        throttle.check(email, address);
        PasswordPolicy.checkLength("password", password);
        Optional<UserRepository.Credentials> found = users.credentials(email);
        boolean matches = encoder.matches(
                password, found.map(UserRepository.Credentials::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !matches || !"ACTIVE".equals(found.get().user().status())) {
            throttle.failed(email, address);
            // One answer for unknown email, wrong password and disabled user.
            throw new ApiException(HttpStatus.UNAUTHORIZED, "Invalid email or password");
        }
        throttle.succeeded(email, address);
        UserView user = found.get().user();
        String token = Tokens.generate();
        Instant expiresAt = Instant.now().plus(properties.tokenTtl());
        sessions.insert(user.id(), Tokens.hash(token), expiresAt);
        users.touchLogin(user.id());
        return new LoginResult(token, expiresAt, user);
    }

    /**
     * Checks the current password (throttled like a login), sets the new one and ends every other
     * session of the user; the caller's own session goes on.
     */
    @Transactional
    void changePassword(Caller caller, String token, String current, String replacement, String address) {
        throttle.check(caller.email(), address);
        PasswordPolicy.checkLength("currentPassword", current);
        PasswordPolicy.checkNew("newPassword", replacement);
        String hash = users.passwordHash(caller.userId()).orElseThrow(() -> ApiException.notFound("User"));
        if (!encoder.matches(current, hash)) {
            throttle.failed(caller.email(), address);
            throw new ApiException(
                    HttpStatus.BAD_REQUEST,
                    "The current password is wrong",
                    List.of(new ApiException.FieldError("currentPassword", "does not match")));
        }
        users.setPasswordHash(caller.userId(), encoder.encode(replacement));
        evictAfterCommit(sessions.revokeAllExcept(caller.userId(), Tokens.hash(token)));
    }

    /** Ends every session of the caller, this one included, on every node. */
    @Transactional
    int logoutAll(Caller caller) {
        List<byte[]> revoked = sessions.revokeAll(caller.userId());
        evictAfterCommit(revoked);
        return revoked.size();
    }

    private void evictAfterCommit(List<byte[]> hashes) {
        if (hashes.isEmpty()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                tokens.evict(hashes);
            }
        });
    }

    /**
     * The live session behind a token: request memo → Caffeine → Redis → PostgreSQL, so a warm
     * token costs no SQL. Unknown tokens are cached as absent briefly; malformed ones never get
     * as far as the cache. Expiry is checked on every call, since a cached session may outlive it.
     */
    Optional<AuthSession> resolve(String token) {
        long start = System.nanoTime();
        boolean failed = true;
        try {
            if (!Tokens.wellFormed(token)) {
                failed = false;
                return Optional.empty();
            }
            byte[] hash = Tokens.hash(token);
            Optional<AuthSession> session = tokens.get(
                            hash, () -> ReadRouting.absentConfirmedOnPrimary(() -> sessions.findLive(hash)))
                    .filter(s -> s.expiresAt().isAfter(Instant.now()));
            failed = false;
            return session;
        } finally {
            metrics.checked(System.nanoTime() - start, failed);
        }
    }

    void logout(String token) {
        if (Tokens.wellFormed(token)) {
            byte[] hash = Tokens.hash(token);
            sessions.revoke(hash);
            tokens.evict(List.of(hash));
        }
    }
}
