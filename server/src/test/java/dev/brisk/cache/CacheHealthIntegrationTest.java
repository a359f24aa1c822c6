package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import dev.brisk.support.RedisProcess;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The whole Brisk with Redis configured but down at start: it starts and serves, the cache
 * component is DEGRADED while Brisk stays UP; Redis appears, the cache is UP; Redis dies, DEGRADED
 * again, Brisk still UP.
 */
@BriskIntegrationTest
class CacheHealthIntegrationTest {

    static final RedisProcess REDIS = RedisProcess.onFreePort(); // not started yet

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("brisk.cache.redis.host", () -> "127.0.0.1");
        registry.add("brisk.cache.redis.port", REDIS::port);
        registry.add("brisk.cache.breaker.wait-in-open-state", () -> "500ms");
    }

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    /** Reads one key twice in a request and answers how many of those reads the request memo served. */
    @RestController
    static class MemoProbe {
        private final TieredCache cache;

        MemoProbe(TieredCache cache) {
            this.cache = cache;
        }

        @GetMapping("/test/cache-memo")
        long memoHits() {
            CacheKey key = CacheKey.of(CacheNamespace.AUTH, 1, "memo-probe", System.nanoTime());
            long before = cache.stats()
                    .namespaces()
                    .get(CacheNamespace.AUTH)
                    .tiers()
                    .get(CacheStats.Tier.MEMO)
                    .hits();
            cache.get(key, String.class, () -> java.util.Optional.of("v"));
            cache.get(key, String.class, () -> java.util.Optional.of("v"));
            return cache.stats()
                            .namespaces()
                            .get(CacheNamespace.AUTH)
                            .tiers()
                            .get(CacheStats.Tier.MEMO)
                            .hits()
                    - before;
        }
    }

    @TestConfiguration
    static class Probes {
        @Bean
        MemoProbe memoProbe(TieredCache cache) {
            return new MemoProbe(cache);
        }
    }

    @Autowired
    Fixtures fixtures;

    @Autowired
    ApplicationContext context;

    @Autowired
    TieredCache cache;

    private String operator;

    /** Health with its components: shown to a platform operator only. */
    private JsonNode health() {
        if (operator == null) {
            operator = fixtures.operator();
        }
        Api.Response response = fixtures.api().get(operator, "/actuator/health");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private String cacheStatus() {
        return health().get("components").get("cache").get("status").asString();
    }

    @Test
    void briskStaysUpWhateverRedisDoes() {
        // the engine is called directly; Spring's cache abstraction (@Cacheable) is not used
        assertThat(context.getBeanNamesForType(CacheManager.class)).isEmpty();

        // Redis down from the start: Brisk started, serves, and says the cache is degraded
        var org = fixtures.org();
        assertThat(fixtures.api().get(org.admin(), "/api/customers").status()).isEqualTo(200);
        JsonNode down = health();
        assertThat(down.get("status").asString()).isEqualTo("UP");
        assertThat(down.get("components").get("cache").get("status").asString()).isEqualTo("DEGRADED");
        assertThat(down.get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(down.get("components").has("redis"))
                .as("Boot's own Redis health is excluded")
                .isFalse();

        REDIS.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(cacheStatus()));
        assertThat(health().get("status").asString()).isEqualTo("UP");

        REDIS.kill();
        await().atMost(Duration.ofSeconds(30)).until(() -> "DEGRADED".equals(cacheStatus()));
        assertThat(health().get("status").asString()).isEqualTo("UP");
        assertThat(fixtures.api().get(org.admin(), "/api/customers").status()).isEqualTo(200);
    }

    @Test
    void everyRequestHasItsOwnMemo() {
        assertThat(fixtures.api().get(null, "/test/cache-memo").body()).isEqualTo("1");
        assertThat(fixtures.api().get(null, "/test/cache-memo").body()).isEqualTo("1");
    }

    @Test
    void metersArePublishedForPrometheus() {
        cache.get(CacheKey.of(CacheNamespace.API, 1, "meter-test"), String.class, () -> java.util.Optional.of("v"));
        String scrape =
                fixtures.api().get(fixtures.operator(), "/actuator/prometheus").body();
        assertThat(scrape)
                .contains("brisk_cache_gets_total{namespace=\"api\",result=\"miss\",tier=\"local\"}")
                .contains("brisk_cache_loads_seconds_count{namespace=\"api\",tier=\"loader\"}")
                .contains("brisk_cache_breaker_state{state=\"closed\",tier=\"redis\"}")
                .contains("brisk_cache_errors_total")
                .contains("brisk_cache_evictions_total");
    }
}
