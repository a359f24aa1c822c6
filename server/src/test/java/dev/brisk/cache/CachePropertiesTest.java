package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CachePropertiesTest {

    @Test
    void defaults() {
        CacheProperties p = TestCaches.properties(Map.of());

        assertThat(p.enabled()).isTrue();
        assertThat(p.auth().redisTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.api().jitter()).isEqualTo(0.10);
        assertThat(p.redis().commandTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(p.redis().channel()).isEqualTo("brisk:cache:events");
        assertThat(p.redis().configured()).isFalse();
        assertThat(p.redis().describe()).isEqualTo("not configured");
    }

    @Test
    void disabledHostIsNotConfigured() {
        CacheProperties p = TestCaches.properties(Map.of("redis.host", "disabled", "redis.port", "6380"));
        assertThat(p.redis().configured()).isFalse();
        assertThat(p.redis().describe()).isEqualTo("disabled");
        assertThat(TestCaches.properties(Map.of("redis.host", "cache.internal")).redis().describe())
                .isEqualTo("cache.internal:6379");
    }

    @Test
    void ttlsSpreadWithinTheJitter() {
        CacheProperties.Namespace ns = TestCaches.properties(Map.of()).auth();
        long base = Duration.ofMinutes(5).toNanos();
        Set<Long> seen = new HashSet<>();
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 1000; i++) {
            long ttl = ns.redisTtlNanos();
            assertThat(ttl).isBetween((long) (base * 0.9), (long) (base * 1.1));
            seen.add(ttl);
            min = Math.min(min, ttl);
            max = Math.max(max, ttl);
        }
        assertThat(seen).hasSizeGreaterThan(900);
        // spread over most of the band, both sides of the base
        assertThat(min).isLessThan((long) (base * 0.95));
        assertThat(max).isGreaterThan((long) (base * 1.05));
    }

    @Test
    void noJitterMeansExactTtls() {
        CacheProperties.Namespace ns = TestCaches.properties(Map.of("api.jitter", "0", "api.local-ttl", "30s")).api();
        assertThat(ns.localTtlNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
    }
}
