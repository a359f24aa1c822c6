package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import dev.brisk.support.TwoNodes;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** Two Brisk nodes sharing one PostgreSQL and one Redis (a private redis-server). */
@BriskIntegrationTest
class CachedAuthIntegrationTest {

    static final Duration BOUND = Duration.ofSeconds(15);

    @RegisterExtension
    static final TwoNodes nodes = new TwoNodes();

    @Autowired
    Fixtures fixtures;

    @Test
    void aWarmTokenCostsNoSql() {
        var org = fixtures.org();
        Api api = nodes.a().api();
        var cold = api.get(org.member(), "/api/auth/me");
        var warm = api.get(org.member(), "/api/auth/me");
        assertThat(cold.status()).isEqualTo(200);
        // the token lookup reads the user with the session; /me answers from it, so a warm token costs nothing
        assertThat(cold.statements()).isEqualTo(1);
        assertThat(warm.statements()).isZero();
        assertThat(warm.header("Server-Timing")).contains("auth=local").contains("db-statements;desc=\"0\"");
        assertThat(warm.json()).isEqualTo(cold.json());
        // the other node finds it in Redis, not in PostgreSQL
        var other = nodes.b().api().get(org.member(), "/api/auth/me");
        assertThat(other.statements()).isZero();
        assertThat(other.header("Server-Timing")).contains("auth=redis");
        assertThat(other.json()).isEqualTo(cold.json());
    }

    @Test
    void meFromTheCachedSessionFollowsChangesToTheUserOnEveryNode() {
        var org = fixtures.org();
        assertThat(nodes.b()
                        .api()
                        .get(org.member(), "/api/auth/me")
                        .json()
                        .get("name")
                        .asString())
                .isNotEqualTo("Renamed Member");
        assertThat(nodes.b().api().get(org.member(), "/api/auth/me").statements())
                .isZero();
        // through the API on node a, then with plain SQL: node b's cached session must follow both
        assertThat(nodes.a()
                        .api()
                        .patch(org.admin(), "/api/users/" + org.memberId(), "{\"name\":\"Renamed Member\"}")
                        .status())
                .isEqualTo(200);
        awaitNameOnB(org.member(), "Renamed Member");
        fixtures.jdbc()
                .sql("UPDATE users SET name = 'Renamed Again' WHERE id = :id")
                .param("id", org.memberId())
                .update();
        awaitNameOnB(org.member(), "Renamed Again");
        assertThat(nodes.b().api().get(org.member(), "/api/auth/me").statements())
                .isZero();
    }

    @Test
    void unknownTokensAreCachedAsAbsent() {
        String unknown = "brisk_" + "Q".repeat(43);
        var first = nodes.a().api().get(unknown, "/api/customers");
        var second = nodes.a().api().get(unknown, "/api/customers");
        assertThat(first.status()).isEqualTo(401);
        assertThat(second.status()).isEqualTo(401);
        assertThat(first.statements()).isEqualTo(1);
        assertThat(second.statements()).isZero();
        assertThat(nodes.a().api().get("not-a-token", "/api/customers").statements())
                .isZero();
    }

    @Test
    void logoutOnOneNodeIsRefusedOnTheOther() {
        var org = fixtures.org();
        assertThat(nodes.b().api().get(org.member(), "/api/auth/me").status()).isEqualTo(200);
        assertThat(nodes.b().api().get(org.member(), "/api/auth/me").statements())
                .isZero(); // warm on b
        assertThat(nodes.a().api().post(org.member(), "/api/auth/logout", null).status())
                .isEqualTo(204);
        await().atMost(BOUND)
                .until(() -> nodes.b().api().get(org.member(), "/api/auth/me").status() == 401);
        assertThat(nodes.a().api().get(org.member(), "/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void disablingAndRoleChangesReachEveryNode() {
        var org = fixtures.org();
        assertThat(nodes.b().api().get(org.member(), "/api/users").status()).isEqualTo(403);
        assertThat(nodes.a()
                        .api()
                        .patch(org.admin(), "/api/users/" + org.memberId(), "{\"role\":\"ADMIN\"}")
                        .status())
                .isEqualTo(200);
        await().atMost(BOUND)
                .until(() -> nodes.b().api().get(org.member(), "/api/users").status() == 200);

        assertThat(nodes.a()
                        .api()
                        .patch(org.admin(), "/api/users/" + org.memberId(), "{\"status\":\"DISABLED\"}")
                        .status())
                .isEqualTo(200);
        await().atMost(BOUND)
                .until(() -> nodes.b().api().get(org.member(), "/api/auth/me").status() == 401);
    }

    @Test
    void aRevocationMadeWithPlainSqlReachesEveryNode() {
        var org = fixtures.org();
        assertThat(nodes.a().api().get(org.member(), "/api/auth/me").status()).isEqualTo(200);
        assertThat(nodes.b().api().get(org.member(), "/api/auth/me").status()).isEqualTo(200);
        fixtures.jdbc()
                .sql("UPDATE sessions SET revoked_at = now() WHERE user_id = :u")
                .param("u", org.memberId())
                .update();
        await().atMost(BOUND)
                .until(() -> nodes.a().api().get(org.member(), "/api/auth/me").status() == 401
                        && nodes.b().api().get(org.member(), "/api/auth/me").status() == 401);
    }

    private void awaitNameOnB(String token, String name) {
        await().atMost(BOUND)
                .until(() -> name.equals(nodes.b()
                        .api()
                        .get(token, "/api/auth/me")
                        .json()
                        .get("name")
                        .asString()));
    }
}
