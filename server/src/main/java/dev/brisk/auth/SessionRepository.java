package dev.brisk.auth;

import dev.brisk.platform.Caller;
import dev.brisk.platform.Rows;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class SessionRepository {

    private final JdbcClient jdbc;

    SessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long userId, byte[] tokenHash, Instant expiresAt) {
        jdbc.sql("INSERT INTO sessions (user_id, token_hash, expires_at) VALUES (:userId, :hash, :expiresAt)")
                .param("userId", userId)
                .param("hash", tokenHash)
                .param("expiresAt", Timestamp.from(expiresAt))
                .update();
    }

    /** The live session for a token hash: not revoked, not expired, its user active. */
    Optional<AuthSession> findLive(byte[] tokenHash) {
        return jdbc.sql("""
                SELECT t.id, t.org_id, t.email, t.name, t.role, t.status, t.last_login_at, t.created_at, t.updated_at,
                       s.expires_at
                FROM sessions s
                JOIN users t ON t.id = s.user_id
                WHERE s.token_hash = :hash
                  AND s.revoked_at IS NULL
                  AND s.expires_at > clock_timestamp()
                  AND t.status = 'ACTIVE'
                  AND t.deleted_at IS NULL
                """)
                .param("hash", tokenHash)
                .query((rs, i) -> {
                    UserView user = UserRepository.USER.mapRow(rs, i);
                    return new AuthSession(
                            new Caller(user.id(), user.orgId(), user.email(), Caller.Role.valueOf(user.role())),
                            Rows.instant(rs, "expires_at"),
                            user);
                })
                .optional();
    }

    boolean revoke(byte[] tokenHash) {
        return jdbc.sql(
                                "UPDATE sessions SET revoked_at = clock_timestamp() WHERE token_hash = :hash AND revoked_at IS NULL")
                        .param("hash", tokenHash)
                        .update()
                > 0;
    }

    /** Token hashes of the users' sessions that have not expired, revoked ones included (for cache eviction). */
    List<byte[]> unexpiredTokenHashes(java.util.Collection<Long> userIds) {
        return jdbc.sql("""
                SELECT token_hash FROM sessions
                WHERE user_id IN (:userIds) AND expires_at > clock_timestamp()
                """)
                .param("userIds", userIds)
                .query((rs, i) -> rs.getBytes(1))
                .list();
    }

    /** Ends every live session of a user; returns the revoked token hashes so caches can drop them. */
    List<byte[]> revokeAll(long userId) {
        return jdbc.sql("""
                UPDATE sessions SET revoked_at = clock_timestamp()
                WHERE user_id = :userId AND revoked_at IS NULL AND expires_at > clock_timestamp()
                RETURNING token_hash
                """)
                .param("userId", userId)
                .query((rs, i) -> rs.getBytes(1))
                .list();
    }

    /** Ends every live session of a user but one (the caller's); returns the revoked token hashes. */
    List<byte[]> revokeAllExcept(long userId, byte[] keep) {
        return jdbc.sql("""
                UPDATE sessions SET revoked_at = clock_timestamp()
                WHERE user_id = :userId AND revoked_at IS NULL AND expires_at > clock_timestamp()
                  AND token_hash <> :keep
                RETURNING token_hash
                """)
                .param("userId", userId)
                .param("keep", keep)
                .query((rs, i) -> rs.getBytes(1))
                .list();
    }

    /**
     * Deletes up to {@code batch} sessions that expired or were revoked before {@code before}.
     * Such deletes announce no change (V12), so no live session's cached entry is touched.
     */
    int purgeDead(Instant before, int batch) {
        return jdbc.sql("""
                DELETE FROM sessions WHERE id IN (
                    SELECT id FROM sessions
                    WHERE expires_at < :before OR revoked_at < :before
                    LIMIT :batch)
                """)
                .param("before", Timestamp.from(before))
                .param("batch", batch)
                .update();
    }
}
