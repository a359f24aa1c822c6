package dev.brisk.cache.internal;

import dev.brisk.cache.CacheNamespace;
import dev.brisk.cache.CacheProperties;
import dev.brisk.cache.CacheStats;
import dev.brisk.cache.RedisStatus;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the engine reports about itself: counters per namespace and tier, and the Redis tier's state. */
public final class EngineStats {

    private final CacheProperties properties;
    private final Spaces spaces;
    private final CacheMetrics metrics;
    private final @Nullable RedisTier redis;
    private final Invalidations invalidations;

    public EngineStats(
            CacheProperties properties,
            Spaces spaces,
            CacheMetrics metrics,
            @Nullable RedisTier redis,
            Invalidations invalidations) {
        this.properties = properties;
        this.spaces = spaces;
        this.metrics = metrics;
        this.redis = redis;
        this.invalidations = invalidations;
    }

    public RedisStatus redisStatus() {
        return redis == null ? RedisStatus.DISABLED : redis.status();
    }

    public String breakerState() {
        return redis == null ? "NONE" : redis.breakerState();
    }

    public Map<String, Object> redisDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("redis", properties.enabled() ? properties.redis().describe() : "cache disabled");
        details.put("breaker", breakerState());
        if (redis != null) {
            details.put("connected", redis.connected());
            details.put("subscribed", redis.subscribed());
            details.put("pendingEvictions", invalidations.pending());
        }
        return details;
    }

    public CacheStats snapshot() {
        Map<CacheNamespace, CacheStats.Namespace> perNamespace = new EnumMap<>(CacheNamespace.class);
        for (Space s : spaces) {
            perNamespace.put(s.namespace, s.stats.snapshot(s.local.size()));
        }
        return new CacheStats(perNamespace, redisStatus(), breakerState());
    }

    public void reset() {
        metrics.reset();
    }
}
