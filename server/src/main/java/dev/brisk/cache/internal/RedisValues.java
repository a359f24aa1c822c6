package dev.brisk.cache.internal;

import dev.brisk.cache.CacheStats.Tier;
import dev.brisk.monitoring.Spans;
import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entries in the Redis tier: JSON (see {@link Codec}) with their expiry inside, read and written
 * through the breaker, every outcome counted in the namespace's stats. Does nothing without Redis.
 */
final class RedisValues {

    private static final Logger log = LoggerFactory.getLogger(RedisValues.class);

    private final @Nullable RedisTier redis;
    private final Codec codec;
    private final Spans spans;

    RedisValues(@Nullable RedisTier redis, Codec codec, Spans spans) {
        this.spans = spans;
        this.redis = redis;
        this.codec = codec;
    }

    /** The entry Redis holds for {@code rk}, null when none, unreadable, or Redis is not used. */
    @Nullable
    Entry read(Space s, String rk, @Nullable Object type) {
        if (redis == null) {
            return null;
        }
        byte[] bytes;
        long start = System.nanoTime();
        // the Redis tier read as a span of its own (Lettuce's command span nests under it)
        Observation span = spans.on()
                ? spans.start("cache.redis", "cache.namespace", s.namespace.prefix(), "cache.tier", "redis")
                : null;
        try (Observation.Scope scope = span == null ? null : span.openScope()) {
            bytes = redis.get(rk);
        } catch (RedisTier.Unavailable u) {
            (u.failed ? s.stats.redisErrors : s.stats.redisSkips).increment();
            stop(span, u.failed ? "error" : "skipped");
            return null;
        }
        stop(span, bytes == null ? "miss" : "hit");
        s.stats.redisRead(System.nanoTime() - start);
        if (bytes == null) {
            s.stats.miss(Tier.REDIS);
            return null;
        }
        Codec.Decoded decoded;
        try {
            decoded = codec.decode(bytes, type);
        } catch (RuntimeException unreadable) {
            // written by another version or for another type: load and overwrite it
            s.stats.redisErrors.increment();
            s.stats.miss(Tier.REDIS);
            log.debug("Unreadable cache entry {}: {}", rk, unreadable.toString());
            return null;
        }
        s.stats.hit(Tier.REDIS);
        long remaining = Math.max(decoded.expiresAtMillis() - System.currentTimeMillis(), 1) * 1_000_000L;
        Entry fresh = decoded.absent() ? s.absentEntry() : s.valueEntry(decoded.value());
        return new Entry(decoded.value(), Math.min(fresh.ttlNanos(), remaining));
    }

    private static void stop(Observation span, String outcome) {
        if (span != null) {
            span.lowCardinalityKeyValue("cache.outcome", outcome).stop();
        }
    }

    /** Writes {@code value} (null = absent) for the namespace's Redis TTL, in the background. */
    void write(Space s, String rk, @Nullable Object value) {
        if (redis == null) {
            return;
        }
        long ttlMillis = (value == null ? s.settings.absentTtlNanos() : s.settings.redisTtlNanos()) / 1_000_000L;
        byte[] bytes;
        try {
            bytes = codec.encode(value, System.currentTimeMillis() + ttlMillis);
        } catch (RuntimeException unwritable) {
            s.stats.redisErrors.increment();
            log.warn(
                    "Cannot write {} to Redis as JSON, kept in memory only: {}",
                    value == null ? "absent" : value.getClass().getName(),
                    unwritable.toString());
            return;
        }
        redis.setAsync(rk, bytes, ttlMillis, s.redisFailed);
    }
}
