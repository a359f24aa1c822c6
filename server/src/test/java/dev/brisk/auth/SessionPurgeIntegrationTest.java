package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** #11 item 6: dead sessions are purged without flushing the cached entries of live ones. */
@BriskIntegrationTest
class SessionPurgeIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    SessionPurge purge;

    @Test
    void expiredAndRevokedSessionsGoAndLiveOnesStayCached() {
        var org = fixtures.org();
        Api api = fixtures.api();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "Warm"));
        String token = org.member();
        api.get(token, "/api/customers/" + id);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get(token, "/api/customers/" + id).statements() == 0);

        // dead sessions of the same user: one expired two days ago, one revoked two days ago
        var jdbc = fixtures.jdbc();
        for (String dead : new String[] {
            "now() - interval '3 days', now() - interval '2 days', NULL",
            "now() - interval '3 days', now() + interval '1 day', now() - interval '2 days'"
        }) {
            byte[] hash = new byte[32];
            new SecureRandom().nextBytes(hash);
            jdbc.sql("INSERT INTO sessions (user_id, token_hash, created_at, expires_at, revoked_at) VALUES (:u, :h, "
                            + dead + ")")
                    .param("u", org.memberId())
                    .param("h", hash)
                    .update();
        }
        long before = jdbc.sql("SELECT count(*) FROM sessions WHERE user_id = :u")
                .param("u", org.memberId())
                .query(Long.class)
                .single();
        assertThat(purge.purgeNow()).isGreaterThanOrEqualTo(2);
        long after = jdbc.sql("SELECT count(*) FROM sessions WHERE user_id = :u")
                .param("u", org.memberId())
                .query(Long.class)
                .single();
        assertThat(after).isEqualTo(before - 2);

        // the live session's cached entry was not evicted by the purge: still no SQL at all
        // (a notification about the deleted rows would have evicted the user's tokens)
        try {
            Thread.sleep(1_000); // time for a notification to arrive, were one sent
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        var warm = api.get(token, "/api/customers/" + id);
        assertThat(warm.status()).isEqualTo(200);
        assertThat(warm.statements()).isZero();
        // revoking the live session still takes effect at once
        jdbc.sql("UPDATE sessions SET revoked_at = now() WHERE user_id = :u")
                .param("u", org.memberId())
                .update();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get(token, "/api/customers/" + id).status() == 401);
    }
}
