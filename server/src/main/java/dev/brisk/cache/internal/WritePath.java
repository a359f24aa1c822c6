package dev.brisk.cache.internal;

import dev.brisk.cache.CacheKey;
import dev.brisk.platform.replica.ReadRouting;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Writes: a value (or "absent") into every tier of this node and Redis, replacing what was there. */
public final class WritePath {

    private final boolean enabled;
    private final Spaces spaces;
    private final RequestMemo memo;
    private final @Nullable RedisTier redis;
    private final RedisValues redisValues;
    private final ClusterBus bus;
    private final Invalidations invalidations;

    public WritePath(
            boolean enabled,
            Spaces spaces,
            RequestMemo memo,
            @Nullable RedisTier redis,
            ReadPath reads,
            ClusterBus bus,
            Invalidations invalidations) {
        this.enabled = enabled;
        this.spaces = spaces;
        this.memo = memo;
        this.redis = redis;
        this.redisValues = reads.redisValues();
        this.bus = bus;
        this.invalidations = invalidations;
    }

    /** Stores {@code value} (null = absent) and tells other nodes to drop their copies. */
    public void write(CacheKey key, @Nullable Object value) {
        if (!enabled) {
            return;
        }
        Space s = spaces.of(key.namespace());
        String rk = key.render();
        if (value == null && !s.settings.cachesAbsent()) {
            invalidations.evict(key.namespace(), List.of(rk));
            return;
        }
        s.flights.cancel(rk);
        Entry e = value == null ? s.absentEntry() : s.valueEntry(value);
        Map<String, Entry> m = memo.current();
        if (m != null) {
            m.put(rk, e);
        }
        s.local.put(rk, e);
        if (redis != null) {
            redisValues.write(s, rk, value);
            redis.publishAsync(bus.evict(s.namespace, List.of(rk)), s.redisFailed);
        }
    }

    /** Stores a value just computed, without telling other nodes (keys carrying a generation token). */
    public void writeFresh(CacheKey key, Object value) {
        if (!enabled || !ReadRouting.storable()) { // a value read from a replica behind a heard change
            return;
        }
        Space s = spaces.of(key.namespace());
        String rk = key.render();
        Entry e = s.valueEntry(value);
        RequestMemo.remember(memo.current(), rk, e);
        s.local.put(rk, e);
        redisValues.write(s, rk, value);
    }
}
