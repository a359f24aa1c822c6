package dev.brisk.cache;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Engines for the benchmarks, built as the application builds its bean: {@code brisk.cache.*}
 * bound with the real defaults, the JSON mapper without FAIL_ON_UNKNOWN_PROPERTIES, Micrometer
 * meters (here a {@link SimpleMeterRegistry}).
 */
public final class BenchCaches {

    public static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    /** Shared by every engine of one benchmark, as the cluster secret is by every node of a database. */
    public static final byte[] MAC_KEY =
            "jmh-redis-mac-key-of-this-bench".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private BenchCaches() {}

    /** Binds {@code brisk.cache.*} from {@code settings}; keys may be given without the prefix. */
    public static CacheProperties properties(Map<String, String> settings) {
        Map<String, String> full = new HashMap<>();
        settings.forEach((k, v) -> full.put(k.startsWith("brisk.cache.") ? k : "brisk.cache." + k, v));
        return new Binder(new MapConfigurationPropertySource(full)).bindOrCreate("brisk.cache", CacheProperties.class);
    }

    /** An engine without Redis (memo + Caffeine). */
    public static TieredCache memoryOnly(Map<String, String> settings) {
        return new TieredCache(properties(settings), JSON, new SimpleMeterRegistry(), MAC_KEY);
    }

    /**
     * An engine on the Redis at {@code 127.0.0.1:port}, returned once it is UP (connected and
     * subscribed: the engine clears its in-process tier when it subscribes, so nothing may be
     * stored before that).
     */
    public static TieredCache node(int port, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put("redis.host", "127.0.0.1");
        all.put("redis.port", Integer.toString(port));
        all.putAll(settings);
        TieredCache cache = new TieredCache(properties(all), JSON, new SimpleMeterRegistry(), MAC_KEY);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (cache.redisStatus() != RedisStatus.UP) {
            if (System.nanoTime() > deadline) {
                cache.close();
                throw new IllegalStateException("The cache did not reach Redis on port " + port);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        // the subscription callback clears the local tier on the cache thread: let it run first
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return cache;
    }

    /** One line per namespace with requests and hits per tier, loads and Redis trouble, for the run log. */
    public static String describe(String label, TieredCache cache, CacheNamespace... namespaces) {
        StringBuilder sb = new StringBuilder();
        CacheStats stats = cache.stats();
        for (CacheNamespace ns : namespaces) {
            CacheStats.Namespace n = stats.namespaces().get(ns);
            sb.append(String.format(
                    "[brisk-stats] %s %s: requests=%d memoHits=%d localHits=%d redisHits=%d redisMisses=%d"
                            + " loads=%d redisErrors=%d redisSkips=%d meanRedisReadMs=%.4f localSize=%d breaker=%s%n",
                    label,
                    ns.prefix(),
                    n.requests(),
                    n.tiers().get(CacheStats.Tier.MEMO).hits(),
                    n.tiers().get(CacheStats.Tier.LOCAL).hits(),
                    n.tiers().get(CacheStats.Tier.REDIS).hits(),
                    n.tiers().get(CacheStats.Tier.REDIS).misses(),
                    n.loads(),
                    n.redisErrors(),
                    n.redisSkips(),
                    n.meanRedisReadMillis(),
                    n.localSize(),
                    stats.breaker()));
        }
        return sb.toString();
    }
}
