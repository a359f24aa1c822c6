package dev.brisk.auth;

import dev.brisk.platform.ApiException;
import dev.brisk.platform.replica.ReadRouting;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

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

    AuthService(UserRepository users, SessionRepository sessions, PasswordEncoder encoder,
                LoginThrottle throttle, AuthProperties properties, TokenCache tokens, AuthMetrics metrics) {
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
    LoginResult login(String rawEmail, String password) {
        String email = rawEmail.strip().toLowerCase(Locale.ROOT);
        throttle.check(email);
        Optional<UserRepository.Credentials> found = users.credentials(email);
        boolean matches = encoder.matches(password, found.map(UserRepository.Credentials::passwordHash).orElse(decoyHash));
        if (found.isEmpty() || !matches || !"ACTIVE".equals(found.get().user().status())) {
            throttle.failed(email);
            // One answer for unknown email, wrong password and disabled user.
            throw new ApiException(HttpStatus.UNAUTHORIZED, "Invalid email or password");
        }
        throttle.succeeded(email);
        UserView user = found.get().user();
        String token = Tokens.generate();
        Instant expiresAt = Instant.now().plus(properties.tokenTtl());
        sessions.insert(user.id(), Tokens.hash(token), expiresAt);
        users.touchLogin(user.id());
        return new LoginResult(token, expiresAt, user);
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
            Optional<AuthSession> session = tokens.get(hash, () -> ReadRouting.absentConfirmedOnPrimary(() -> sessions.findLive(hash)))
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
