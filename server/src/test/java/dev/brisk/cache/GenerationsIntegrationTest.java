package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GenerationsIntegrationTest {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void nodesAgreeAndALateNodeNeverSeesAPreChangeGeneration() {
        try (RedisProcess redis = RedisProcess.started();
                TieredCache cacheA = TestCaches.node(redis);
                TieredCache cacheB = TestCaches.node(redis)) {
            await().atMost(PATIENCE)
                    .until(() -> cacheA.redisStatus() == RedisStatus.UP && cacheB.redisStatus() == RedisStatus.UP);
            Generations a = new Generations(cacheA);
            Generations b = new Generations(cacheB);
            await().atMost(PATIENCE)
                    .until(() -> a.of(CacheNamespace.API, 7, "orders").equals(b.of(CacheNamespace.API, 7, "orders")));
            String first = a.of(CacheNamespace.API, 7, "orders");

            // every node hears the same change and moves to the same generation, with no messages
            a.advance(CacheNamespace.API, 7, "orders", 41);
            b.advance(CacheNamespace.API, 7, "orders", 41);
            String second = a.of(CacheNamespace.API, 7, "orders");
            assertThat(second).isNotEqualTo(first).isEqualTo(b.of(CacheNamespace.API, 7, "orders"));
            assertThat(a.of(CacheNamespace.API, 8, "orders")).isNotEqualTo(second);
            a.advance(CacheNamespace.API, 7, "orders", 40); // a late, older notice never moves it back
            assertThat(a.of(CacheNamespace.API, 7, "orders")).isEqualTo(second);

            // a statement too wide to name its orgs moves that resource for every org, and only it
            String customers = a.of(CacheNamespace.API, 7, "customers");
            a.advanceAll(CacheNamespace.API, "orders", 41);
            b.advanceAll(CacheNamespace.API, "orders", 41);
            assertThat(a.of(CacheNamespace.API, 7, "orders"))
                    .isNotEqualTo(second)
                    .isEqualTo(b.of(CacheNamespace.API, 7, "orders"));
            assertThat(a.of(CacheNamespace.API, 7, "customers")).isEqualTo(customers);
            second = a.of(CacheNamespace.API, 7, "orders");

            // a change while Redis is away reaches Redis when it is back
            redis.kill();
            await().atMost(PATIENCE).until(() -> cacheA.redisStatus() == RedisStatus.DEGRADED);
            a.advance(CacheNamespace.API, 7, "orders", 42);
            // a node that cannot read a generation does not take it for "never changed" (Redis may
            // hold entries made under that); its own token only misses, and Redis is asked again
            try (TieredCache blindCache = TestCaches.node(redis)) {
                Generations blind = new Generations(blindCache);
                String guessed = blind.of(CacheNamespace.API, 7, "orders");
                assertThat(guessed)
                        .doesNotEndWith(".0")
                        .doesNotEndWith(".41")
                        .doesNotEndWith(".42")
                        .isEqualTo(blind.of(CacheNamespace.API, 7, "orders"));
                redis.start();
                await().atMost(PATIENCE).until(() -> cacheA.redisStatus() == RedisStatus.UP);
                await().atMost(PATIENCE).untilAsserted(() -> {
                    try (TieredCache late = TestCaches.node(redis)) {
                        await().atMost(PATIENCE).until(() -> late.redisStatus() == RedisStatus.UP);
                        assertThat(new Generations(late).of(CacheNamespace.API, 7, "orders"))
                                .endsWith(".42");
                    }
                });
                await().atMost(PATIENCE)
                        .until(() -> blind.of(CacheNamespace.API, 7, "orders").endsWith(".42"));
            }

            // a node that renews its epoch (it may have missed changes) brings the others along
            String before = a.of(CacheNamespace.API, 9, "customers");
            b.renewEpoch(CacheNamespace.API);
            assertThat(b.of(CacheNamespace.API, 9, "customers")).isNotEqualTo(before);
            await().atMost(PATIENCE)
                    .until(() ->
                            a.of(CacheNamespace.API, 9, "customers").equals(b.of(CacheNamespace.API, 9, "customers")));
        }
    }
}
