package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
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
        assertThat(TestCaches.properties(Map.of("redis.host", "cache.internal"))
                        .redis()
                        .describe())
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
        CacheProperties.Namespace ns = TestCaches.properties(Map.of("api.jitter", "0", "api.local-ttl", "30s"))
                .api();
        assertThat(ns.localTtlNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
    }

    @Test
    void eachNamespaceHasItsOwnDefaults() {
        CacheProperties p = TestCaches.properties(Map.of());
        assertThat(p.auth().localMaxEntries()).isEqualTo(50_000L);
        assertThat(p.auth().absentTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.dashboard().localMaxEntries()).isEqualTo(10_000L);
        assertThat(p.api().localMaxEntries()).isEqualTo(20_000L);
        assertThat(p.api().absentTtl()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aSettingLeftOutKeepsItsNamespacesDefault() {
        CacheProperties.Namespace api =
                TestCaches.properties(Map.of("api.jitter", "0.2")).api();
        assertThat(api.jitter()).isEqualTo(0.2);
        assertThat(api.localMaxEntries()).isEqualTo(20_000L);
        assertThat(api.localTtl()).isEqualTo(Duration.ofSeconds(60));
    }

    /** application.properties only maps environment variables: with none set, the engine runs on CacheProperties' defaults. */
    @Test
    void applicationPropertiesWithoutEnvironmentGivesTheDefaults() throws IOException {
        Properties file = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
            file.load(in);
        }
        Map<String, String> cache = new HashMap<>();
        for (String name : file.stringPropertyNames()) {
            if (name.startsWith("brisk.cache.")) {
                // ${VARIABLE:default} with the variable unset
                cache.put(name, file.getProperty(name).replaceAll("\\$\\{[A-Z_]+:([^}]*)}", "$1"));
            }
        }
        assertThat(cache).containsKey("brisk.cache.api.local-max-entries");
        CacheProperties fromFile = TestCaches.properties(cache);
        CacheProperties defaults = TestCaches.properties(Map.of());
        for (CacheNamespace ns : CacheNamespace.values()) {
            assertThat(fromFile.namespace(ns)).as(ns.prefix()).isEqualTo(defaults.namespace(ns));
        }
        assertThat(fromFile.breaker()).isEqualTo(defaults.breaker());
        // the file gives host and password as "" where the defaults have null: both mean "not configured"
        assertThat(fromFile.redis().describe()).isEqualTo(defaults.redis().describe());
        assertThat(fromFile.redis().commandTimeout()).isEqualTo(defaults.redis().commandTimeout());
        assertThat(fromFile.redis().evictRepeatDelay())
                .isEqualTo(defaults.redis().evictRepeatDelay());
    }
}
