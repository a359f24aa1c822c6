package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GenerationsIntegrationTest {

    @Test
    void nodesAgreeThroughRedisAndALateNodeNeverSeesAPreChangeToken() {
        try (RedisProcess redis = RedisProcess.started();
             TieredCache cacheA = TestCaches.node(redis);
             TieredCache cacheB = TestCaches.node(redis)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> cacheA.redisStatus() == RedisStatus.UP && cacheB.redisStatus() == RedisStatus.UP);
            Generations a = new Generations(cacheA);
            Generations b = new Generations(cacheB);
            String first = a.of(CacheNamespace.API, 7, "orders");
            await().atMost(Duration.ofSeconds(10)).until(() -> new Generations(cacheB).of(CacheNamespace.API, 7, "orders").equals(first));
            assertThat(b.of(CacheNamespace.API, 7, "orders")).isEqualTo(first);
            assertThat(a.of(CacheNamespace.API, 8, "orders")).isNotEqualTo(first);

            a.bump(CacheNamespace.API, 7, "orders");
            String second = a.of(CacheNamespace.API, 7, "orders");
            assertThat(second).isNotEqualTo(first);
            await().atMost(Duration.ofSeconds(10)).until(() -> new Generations(cacheB).of(CacheNamespace.API, 7, "orders").equals(second));

            // a bump while Redis is away must reach Redis when it is back: a node that starts later
            // must not read the token from before the change
            redis.kill();
            await().atMost(Duration.ofSeconds(30)).until(() -> cacheA.redisStatus() == RedisStatus.DEGRADED);
            a.bump(CacheNamespace.API, 7, "orders");
            String duringOutage = a.of(CacheNamespace.API, 7, "orders");
            assertThat(duringOutage).isNotEqualTo(second);
            redis.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> cacheA.redisStatus() == RedisStatus.UP);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (TieredCache late = TestCaches.node(redis)) {
                    await().atMost(Duration.ofSeconds(10)).until(() -> late.redisStatus() == RedisStatus.UP);
                    assertThat(new Generations(late).of(CacheNamespace.API, 7, "orders")).isNotIn(first, second);
                }
            });

            String epochBefore = b.of(CacheNamespace.API, 9, "customers");
            b.bumpEpoch(CacheNamespace.API);
            assertThat(b.of(CacheNamespace.API, 9, "customers")).isNotEqualTo(epochBefore);
        }
    }
}
