package dev.brisk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.cache.CacheKey;
import dev.brisk.cache.CacheNamespace;
import dev.brisk.platform.Cursor;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import dev.brisk.support.TwoNodes;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * #11 items 4 and 5 on two nodes sharing PostgreSQL and a private Redis: a value edited in Redis
 * by hand is not trusted, and the signing keys come from one cluster secret in the database.
 */
@BriskIntegrationTest
class RedisIntegrityIntegrationTest {

    @RegisterExtension
    static final TwoNodes nodes = new TwoNodes();

    @Autowired
    Fixtures fixtures;

    @Test
    void aMemberSessionEditedIntoAnAdminOneInRedisIsNotTrusted() throws Exception {
        var org = fixtures.org();
        String member = org.member();
        // node A resolves the token and writes the session to Redis
        assertThat(nodes.a().api().get(member, "/api/users").status()).isEqualTo(403);
        String key = CacheKey.global(
                        CacheNamespace.AUTH, "token", HexFormat.of().formatHex(sha256(member)))
                .render();
        await().atMost(Duration.ofSeconds(10)).until(() -> nodes.redis().getBytes(key) != null);

        // someone with access to Redis promotes the session
        byte[] stored = nodes.redis().getBytes(key);
        String text = new String(stored, StandardCharsets.ISO_8859_1); // byte for byte
        assertThat(text).contains("\"role\":\"MEMBER\"");
        byte[] forged =
                text.replace("\"role\":\"MEMBER\"", "\"role\":\"ADMIN\"").getBytes(StandardCharsets.ISO_8859_1);
        nodes.redis().setBytes(key, forged, 60_000);

        MeterRegistry registry = nodes.b().bean(MeterRegistry.class);
        double before = rejected(registry);
        // node B has not seen the token: it reads Redis, the MAC fails, it asks PostgreSQL
        var users = nodes.b().api().get(member, "/api/users");
        assertThat(users.status())
                .as("a forged ADMIN session must not pass: " + users)
                .isEqualTo(403);
        assertThat(users.header("Server-Timing")).contains("auth=miss");
        assertThat(rejected(registry)).isGreaterThan(before);
        // and the forged value was replaced by the true one
        await().atMost(Duration.ofSeconds(10))
                .until(() -> new String(nodes.redis().getBytes(key), StandardCharsets.ISO_8859_1)
                        .contains("\"role\":\"MEMBER\""));
    }

    @Test
    void aValidEntryMovedUnderAnotherKeyIsNotTrustedEither() throws Exception {
        var org = fixtures.org();
        String admin = org.admin();
        String member = org.member();
        assertThat(nodes.a().api().get(admin, "/api/auth/me").status()).isEqualTo(200);
        String adminKey = CacheKey.global(
                        CacheNamespace.AUTH, "token", HexFormat.of().formatHex(sha256(admin)))
                .render();
        String memberKey = CacheKey.global(
                        CacheNamespace.AUTH, "token", HexFormat.of().formatHex(sha256(member)))
                .render();
        await().atMost(Duration.ofSeconds(10)).until(() -> nodes.redis().getBytes(adminKey) != null);
        // the admin's genuine entry, copied under the member's token
        nodes.redis().setBytes(memberKey, nodes.redis().getBytes(adminKey), 60_000);
        assertThat(nodes.b().api().get(member, "/api/users").status()).isEqualTo(403);
    }

    @Test
    void nodesOfOneDatabaseShareTheClusterSecretAndTheOldBuiltInKeyIsRefused() {
        var org = fixtures.org();
        for (int i = 0; i < 3; i++) {
            fixtures.create(org.admin(), "/api/customers", Map.of("name", "C" + i));
        }
        // a cursor made by node A is good on node B: no configuration, one secret in the database
        var page = nodes.a().api().get(org.admin(), "/api/customers?limit=2");
        String cursor = page.json().get("nextCursor").asString();
        assertThat(nodes.b()
                        .api()
                        .get(org.admin(), "/api/customers?limit=2&cursor=" + cursor)
                        .status())
                .isEqualTo(200);
        assertThat(fixtures.jdbc()
                        .sql("SELECT count(*) FROM cluster_secrets")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        // a cursor signed with the constant that used to be the default key is a 400
        String old = Cursor.of(Instant.now(), 1)
                .encode("customers", "brisk-cursor-key-change-me".getBytes(StandardCharsets.UTF_8));
        var refused = nodes.a().api().get(org.admin(), "/api/customers?cursor=" + old);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("cursor");
    }

    private static double rejected(MeterRegistry registry) {
        var counter = registry.find("brisk.cache.redis.rejected").counter();
        return counter == null ? 0 : counter.count();
    }

    private static byte[] sha256(String token) throws Exception {
        // Brisk keys a token by the hex of SHA-256(SHA-256(token)): the stored hash, hashed again by CacheKey
        return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    }
}
