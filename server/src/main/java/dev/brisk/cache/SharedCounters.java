package dev.brisk.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.brisk.cache.internal.RedisTier;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Counters with an expiry, shared by every node through Redis when it answers and kept in this
 * process (bounded by count) when it does not: for limits that must hold across nodes, such as
 * login throttling. Keys are the caller's; they must not contain client input verbatim (hash it).
 *
 * <p>Unlike cache entries these values carry no MAC: INCR works on plain integers only. Someone who
 * can write to Redis can lift or impose a limit, never read or forge data; Redis must be private.
 */
public final class SharedCounters {

    /** A counter's value and how long it has left (0 when it does not exist). */
    public record Count(long value, long ttlMillis) {}

    private static final String INCREMENT = """
            local c = redis.call('INCR', KEYS[1])
            if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {c, redis.call('PTTL', KEYS[1])}
            """;
    private static final String READ = """
            local c = redis.call('GET', KEYS[1])
            if not c then return {0, 0} end
            return {tonumber(c), redis.call('PTTL', KEYS[1])}
            """;

    private static final class Local {
        long value;
        long expiresAtNanos;
    }

    private final RedisTier redis;
    private final Cache<String, Local> local;

    public SharedCounters(TieredCache cache, long maxLocalEntries) {
        this.redis = cache.enabled() ? cache.redis() : null;
        this.local = Caffeine.newBuilder()
                .maximumSize(maxLocalEntries)
                .expireAfter(new Expiry<String, Local>() {
                    @Override
                    public long expireAfterCreate(String key, Local value, long now) {
                        return Math.max(0, value.expiresAtNanos - now);
                    }

                    @Override
                    public long expireAfterUpdate(String key, Local value, long now, long current) {
                        return Math.max(0, value.expiresAtNanos - now);
                    }

                    @Override
                    public long expireAfterRead(String key, Local value, long now, long current) {
                        return current;
                    }
                })
                .build();
    }

    /** Adds one; a new counter lives for {@code ttl}. */
    public Count increment(String key, Duration ttl) {
        if (redis != null) {
            try {
                return count(redis.<List<Object>>call(c -> c.<List<Object>>eval(
                        INCREMENT,
                        ScriptOutputType.MULTI,
                        new String[] {key},
                        bytes(Long.toString(Math.max(1, ttl.toMillis()))))));
            } catch (RedisTier.Unavailable fallBack) {
                // counted by the cache's breaker; this node counts alone meanwhile
            }
        }
        long now = System.nanoTime();
        Local[] result = new Local[1];
        local.asMap().compute(key, (k, old) -> {
            Local c = old != null && old.expiresAtNanos - now > 0 ? old : new Local();
            if (c.value == 0) {
                c.expiresAtNanos = now + ttl.toNanos();
            }
            c.value++;
            result[0] = c;
            return c;
        });
        return new Count(result[0].value, Math.max(0, (result[0].expiresAtNanos - now) / 1_000_000));
    }

    public Count get(String key) {
        if (redis != null) {
            try {
                return count(redis.<List<Object>>call(
                        c -> c.<List<Object>>eval(READ, ScriptOutputType.MULTI, new String[] {key})));
            } catch (RedisTier.Unavailable fallBack) {
                // as above
            }
        }
        long now = System.nanoTime();
        Local c = local.getIfPresent(key);
        if (c == null || c.expiresAtNanos - now <= 0) {
            return new Count(0, 0);
        }
        return new Count(c.value, (c.expiresAtNanos - now) / 1_000_000);
    }

    /** Gives an existing counter a new lifetime (a lockout). */
    public void expire(String key, Duration ttl) {
        if (redis != null) {
            try {
                redis.call(c -> c.pexpire(key, Math.max(1, ttl.toMillis())));
                return;
            } catch (RedisTier.Unavailable fallBack) {
                // as above
            }
        }
        local.asMap().computeIfPresent(key, (k, c) -> {
            c.expiresAtNanos = System.nanoTime() + ttl.toNanos();
            return c;
        });
    }

    public void delete(String key) {
        local.invalidate(key);
        if (redis != null) {
            try {
                redis.call(c -> c.unlink(key));
            } catch (RedisTier.Unavailable ignored) {
                // it expires by itself
            }
        }
    }

    private static Count count(List<Object> reply) {
        long value = ((Number) reply.get(0)).longValue();
        long ttl = ((Number) reply.get(1)).longValue();
        return new Count(value, Math.max(0, ttl));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
