package dev.brisk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import dev.brisk.support.Node;
import dev.brisk.support.RedisProcess;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * #11 item 3 over HTTP: failed logins are limited per (email, client address) and per address,
 * with backoff, and the counts are shared by two nodes through Redis. The two nodes trust
 * X-Forwarded-For ({@code server.forward-headers-strategy=native}, Tomcat trusts it from loopback
 * only), which lets one test machine speak from several addresses; the main test context does not,
 * and there the header changes nothing.
 */
@BriskIntegrationTest
class LoginThrottleIntegrationTest {

    static RedisProcess redis;
    static Node a;
    static Node b;

    @Autowired
    Fixtures fixtures;

    @BeforeAll
    static void start() {
        redis = RedisProcess.started();
        Map<String, String> settings = new HashMap<>(Map.of(
                "brisk.cache.redis.host",
                "127.0.0.1",
                "brisk.cache.redis.port",
                Integer.toString(redis.port()),
                "server.forward-headers-strategy",
                "native",
                "brisk.auth.max-failed-logins",
                "3",
                "brisk.auth.max-failures-per-address",
                "6",
                "brisk.auth.lockout",
                "2s",
                "brisk.auth.max-lockout",
                "30s"));
        settings.put("spring.datasource.hikari.maximum-pool-size", "4"); // the shared PostgreSQL serves many test runs
        a = Node.start(settings);
        b = Node.start(settings);
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        redis.close();
    }

    private static Api.Response login(Node node, String from, String email, String password) {
        return node.api()
                .send(
                        null,
                        "POST",
                        "/api/auth/login",
                        Api.json(Map.of("email", email, "password", password)),
                        "application/json",
                        "X-Forwarded-For",
                        from);
    }

    @Test
    void failuresFromOneAddressDoNotLockTheOwnerOutElsewhereAndNodesShareTheCount() {
        String email = fixtures.org().memberEmail();
        for (int i = 0; i < 3; i++) {
            assertThat(login(a, "203.0.113.7", email, "wrong-password-" + i).status())
                    .isEqualTo(401);
        }
        // the fourth try from that address, on the other node, even with the right password
        var locked = login(b, "203.0.113.7", email, Fixtures.PASSWORD);
        assertThat(locked.status()).as(locked.toString()).isEqualTo(429);
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 2L);
        assertThat(locked.header("Content-Type")).startsWith("application/problem+json");
        // the owner, from an address that has not failed, logs in on either node
        assertThat(login(b, "198.51.100.9", email, Fixtures.PASSWORD).status()).isEqualTo(200);
        assertThat(login(a, "198.51.100.10", email, Fixtures.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void oneAddressSprayingManyEmailsIsBoundedAndLockoutsGrow() {
        String from = "203.0.113.99";
        for (int i = 0; i < 6; i++) {
            assertThat(login(i % 2 == 0 ? a : b, from, "nobody-" + i + "@spray.test", "guess-" + i)
                            .status())
                    .isEqualTo(401);
        }
        var refused = login(a, from, "someone-else@spray.test", "guess");
        assertThat(refused.status()).isEqualTo(429);
        long first = Long.parseLong(refused.header("Retry-After"));
        assertThat(first).isBetween(1L, 2L);
        // another address is not affected
        assertThat(login(a, "198.51.100.77", "someone-else@spray.test", "guess").status())
                .isEqualTo(401);

        // after the first lockout, the next one lasts twice as long
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> login(b, from, "probe@spray.test", "guess").status() == 401);
        for (int i = 0; i < 5; i++) {
            login(a, from, "again-" + i + "@spray.test", "guess");
        }
        var again = login(b, from, "again@spray.test", "guess");
        assertThat(again.status()).isEqualTo(429);
        assertThat(Long.parseLong(again.header("Retry-After"))).isBetween(3L, 4L);
    }

    @Test
    void withoutTrustedProxiesTheForwardedHeaderIsIgnored() {
        // the main context keeps the default (server.forward-headers-strategy=none): the socket peer counts
        String email = fixtures.org().memberEmail();
        Api api = fixtures.api();
        for (int i = 0; i < 5; i++) {
            var r = api.send(
                    null,
                    "POST",
                    "/api/auth/login",
                    Api.json(Map.of("email", email, "password", "wrong-" + i)),
                    "application/json",
                    "X-Forwarded-For",
                    "192.0.2." + i);
            assertThat(r.status()).isEqualTo(401);
        }
        var locked = api.send(
                null,
                "POST",
                "/api/auth/login",
                Api.json(Map.of("email", email, "password", Fixtures.PASSWORD)),
                "application/json",
                "X-Forwarded-For",
                "192.0.2.200");
        assertThat(locked.status()).isEqualTo(429);
    }
}
