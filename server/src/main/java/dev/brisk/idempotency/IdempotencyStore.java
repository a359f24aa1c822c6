package dev.brisk.idempotency;

import java.time.Duration;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code idempotency_keys} table (V30). Every statement runs in the write's own transaction. */
@Repository
class IdempotencyStore {

    /** Advisory lock class of idempotency keys (the two-int lock space, apart from the dashboard's). */
    private static final int LOCK_CLASS = 15;

    private static final int PURGE_BATCH = 10_000;

    record Answer(
            byte[] requestHash,
            int status,
            String location,
            String contentType,
            byte[] body,
            boolean bodyOmitted,
            boolean expired) {}

    private final JdbcClient jdbc;

    IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Held until the transaction ends; false while another request with the same key runs. */
    boolean tryLock(long orgId, long userId, String key) {
        return jdbc.sql("SELECT pg_try_advisory_xact_lock(:cls, hashtext(:org || ':' || :user || ':' || :key))")
                .param("cls", LOCK_CLASS)
                .param("org", Long.toString(orgId))
                .param("user", Long.toString(userId))
                .param("key", key)
                .query(Boolean.class)
                .single();
    }

    Optional<Answer> find(long orgId, long userId, String key, Duration ttl) {
        return jdbc.sql("""
                SELECT request_hash, status, location, content_type, body, body_omitted,
                       created_at <= now() - make_interval(secs => :ttl) AS expired
                FROM idempotency_keys WHERE org_id = :org AND user_id = :user AND key = :key
                """)
                .param("org", orgId)
                .param("user", userId)
                .param("key", key)
                .param("ttl", ttl.toSeconds())
                .query((rs, n) -> new Answer(
                        rs.getBytes("request_hash"),
                        rs.getInt("status"),
                        rs.getString("location"),
                        rs.getString("content_type"),
                        rs.getBytes("body"),
                        rs.getBoolean("body_omitted"),
                        rs.getBoolean("expired")))
                .optional();
    }

    void delete(long orgId, long userId, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE org_id = :org AND user_id = :user AND key = :key")
                .param("org", orgId)
                .param("user", userId)
                .param("key", key)
                .update();
    }

    void save(long orgId, long userId, String key, Answer answer) {
        jdbc.sql("""
                INSERT INTO idempotency_keys (org_id, user_id, key, request_hash, status, location, content_type, body, body_omitted)
                VALUES (:org, :user, :key, :hash, :status, :location, :type, :body, :omitted)
                """)
                .param("org", orgId)
                .param("user", userId)
                .param("key", key)
                .param("hash", answer.requestHash())
                .param("status", answer.status())
                .param("location", answer.location())
                .param("type", answer.contentType())
                .param("body", answer.body())
                .param("omitted", answer.bodyOmitted())
                .update();
    }

    /** Deletes keys older than {@code ttl}, in batches so no statement holds many row locks. */
    int purge(Duration ttl) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                    DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY(
                        SELECT ctid FROM idempotency_keys WHERE created_at < now() - make_interval(secs => :ttl) LIMIT :batch))
                    """)
                    .param("ttl", ttl.toSeconds())
                    .param("batch", PURGE_BATCH)
                    .update();
            total += deleted;
        } while (deleted == PURGE_BATCH);
        return total;
    }
}
