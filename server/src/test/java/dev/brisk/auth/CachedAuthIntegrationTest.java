package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import dev.brisk.support.Node;
import dev.brisk.support.RedisProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Two Brisk nodes sharing one PostgreSQL and one Redis (a private redis-server). */
@BriskIntegrationTest
class CachedAuthIntegrationTest {

    static final Duration BOUND = Duration.ofSeconds(15);
    static RedisProcess redis;
    static Node a;
    static Node b;

    @Autowired
    Fixtures fixtures;

    @BeforeAll
    static void startNodes() {
        redis = RedisProcess.started();
        Map<String, String> settings = Map.of("brisk.cache.redis.host", "127.0.0.1",
                "brisk.cache.redis.port", Integer.toString(redis.port()));
        a = Node.start(settings);
        b = Node.start(settings);
    }

    @AfterAll
    static void stopNodes() {
        a.close();
        b.close();
        redis.close();
    }

    @Test
    void aWarmTokenCostsNoSql() {
        var org = fixtures.org();
        Api api = a.api();
        var cold = api.get(org.member(), "/api/auth/me");
        var warm = api.get(org.member(), "/api/auth/me");
        assertThat(cold.status()).isEqualTo(200);
        // /me reads the user once itself; the token lookup is the statement that disappears
        assertThat(cold.statements()).isEqualTo(2);
        assertThat(warm.statements()).isEqualTo(1);
        assertThat(warm.header("Server-Timing")).contains("auth=local");
        // the other node finds it in Redis, not in PostgreSQL
        var other = b.api().get(org.member(), "/api/auth/me");
        assertThat(other.statements()).isEqualTo(1);
        assertThat(other.header("Server-Timing")).contains("auth=redis");
    }

    @Test
    void unknownTokensAreCachedAsAbsent() {
        String unknown = "brisk_" + "Q".repeat(43);
        var first = a.api().get(unknown, "/api/customers");
        var second = a.api().get(unknown, "/api/customers");
        assertThat(first.status()).isEqualTo(401);
        assertThat(second.status()).isEqualTo(401);
        assertThat(first.statements()).isEqualTo(1);
        assertThat(second.statements()).isZero();
        assertThat(a.api().get("not-a-token", "/api/customers").statements()).isZero();
    }

    @Test
    void logoutOnOneNodeIsRefusedOnTheOther() {
        var org = fixtures.org();
        assertThat(b.api().get(org.member(), "/api/auth/me").status()).isEqualTo(200);
        assertThat(b.api().get(org.member(), "/api/auth/me").statements()).isEqualTo(1); // warm on b
        assertThat(a.api().post(org.member(), "/api/auth/logout", null).status()).isEqualTo(204);
        await().atMost(BOUND).until(() -> b.api().get(org.member(), "/api/auth/me").status() == 401);
        assertThat(a.api().get(org.member(), "/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void disablingAndRoleChangesReachEveryNode() {
        var org = fixtures.org();
        assertThat(b.api().get(org.member(), "/api/users").status()).isEqualTo(403);
        assertThat(a.api().patch(org.admin(), "/api/users/" + org.memberId(), "{\"role\":\"ADMIN\"}").status()).isEqualTo(200);
        await().atMost(BOUND).until(() -> b.api().get(org.member(), "/api/users").status() == 200);

        assertThat(a.api().patch(org.admin(), "/api/users/" + org.memberId(), "{\"status\":\"DISABLED\"}").status()).isEqualTo(200);
        await().atMost(BOUND).until(() -> b.api().get(org.member(), "/api/auth/me").status() == 401);
    }

    @Test
    void aRevocationMadeWithPlainSqlReachesEveryNode() {
        var org = fixtures.org();
        assertThat(a.api().get(org.member(), "/api/auth/me").status()).isEqualTo(200);
        assertThat(b.api().get(org.member(), "/api/auth/me").status()).isEqualTo(200);
        fixtures.jdbc().sql("UPDATE sessions SET revoked_at = now() WHERE user_id = :u").param("u", org.memberId()).update();
        await().atMost(BOUND).until(() -> a.api().get(org.member(), "/api/auth/me").status() == 401
                && b.api().get(org.member(), "/api/auth/me").status() == 401);
    }
}
