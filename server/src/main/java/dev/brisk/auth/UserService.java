package dev.brisk.auth;

import dev.brisk.platform.ApiException;
import dev.brisk.platform.Caller;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

@Service
class UserService {

    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordEncoder encoder;
    private final TokenCache tokens;

    UserService(UserRepository users, SessionRepository sessions, PasswordEncoder encoder, TokenCache tokens) {
        this.users = users;
        this.sessions = sessions;
        this.encoder = encoder;
        this.tokens = tokens;
    }

    UserView create(long orgId, String email, String name, String password, String role) {
        PasswordPolicy.checkNew("password", password);
        try {
            return users.insert(orgId, email, name, encoder.encode(password), role);
        } catch (DuplicateKeyException e) {
            throw new ApiException(
                    HttpStatus.CONFLICT,
                    "A user with this email already exists",
                    List.of(new ApiException.FieldError("email", "is already taken")));
        }
    }

    /**
     * Changes name, role or status; disabling a user ends all of its sessions in the same
     * transaction. Once committed, the user's cached sessions are evicted on every node, so the
     * next request anywhere sees the new role or is refused.
     */
    @Transactional
    UserView update(Caller caller, long id, String name, String role, String status) {
        if (id == caller.userId() && (("MEMBER".equals(role)) || "DISABLED".equals(status))) {
            throw ApiException.conflict("Admins cannot demote or disable themselves");
        }
        UserView user =
                users.update(caller.orgId(), id, name, role, status).orElseThrow(() -> ApiException.notFound("User"));
        List<byte[]> cached = "DISABLED".equals(status)
                ? sessions.revokeAll(id)
                : role != null ? sessions.unexpiredTokenHashes(List.of(id)) : List.of();
        if (!cached.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    tokens.evict(cached);
                }
            });
        }
        return user;
    }
}
