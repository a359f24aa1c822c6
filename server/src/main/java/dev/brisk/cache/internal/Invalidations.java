package dev.brisk.cache.internal;

import dev.brisk.cache.CacheEvent;
import dev.brisk.cache.CacheNamespace;
import dev.brisk.cache.CacheProperties;
import dev.brisk.cache.RedisStatus;
import dev.brisk.cache.internal.CacheMetrics.Eviction;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Evictions and clears: this node's tiers (memo, Caffeine, running loads) at once, then Redis and,
 * through the {@link ClusterBus}, the other nodes' in-process tiers. What cannot reach Redis waits
 * in {@link PendingInvalidations}. Also applies what other nodes announce.
 */
public final class Invalidations {

    private final boolean enabled;
    private final Duration evictRepeatDelay;
    private final Spaces spaces;
    private final RequestMemo memo;
    private final @Nullable RedisTier redis;
    private final ClusterBus bus;
    private final @Nullable CacheThread thread;
    private final PendingInvalidations pending = new PendingInvalidations();

    public Invalidations(
            CacheProperties properties,
            Spaces spaces,
            RequestMemo memo,
            @Nullable RedisTier redis,
            ClusterBus bus,
            @Nullable CacheThread thread) {
        this.enabled = properties.enabled();
        this.evictRepeatDelay = properties.redis().evictRepeatDelay();
        this.spaces = spaces;
        this.memo = memo;
        this.redis = redis;
        this.bus = bus;
        this.thread = thread;
    }

    /** Removes rendered {@code keys} of {@code namespace} from every tier of every node. */
    public void evict(CacheNamespace namespace, List<String> keys) {
        if (!enabled || keys.isEmpty()) {
            return;
        }
        Space s = spaces.of(namespace);
        for (String rk : keys) {
            dropLocal(s, rk, Eviction.EXPLICIT);
        }
        if (redis == null) {
            return;
        }
        evictInRedis(s, keys);
        if (evictRepeatDelay.isPositive()) {
            thread.run(
                    () -> {
                        for (String rk : keys) {
                            dropLocal(s, rk, Eviction.EXPLICIT);
                        }
                        evictInRedis(s, keys);
                    },
                    evictRepeatDelay);
        }
    }

    /** Removes a namespace ({@code orgId} null) or one organization's part of it from every tier of every node. */
    public void clear(CacheNamespace namespace, @Nullable Long orgId) {
        if (!enabled) {
            return;
        }
        clearLocal(spaces.of(namespace), orgId, Eviction.CLEARED);
        if (redis != null) {
            clearInRedis(new Scope(namespace, orgId));
        }
    }

    /** Drops this node's in-process entries of {@code namespace}; Redis and other nodes are untouched. */
    public void clearLocal(CacheNamespace namespace) {
        clearLocal(spaces.of(namespace), null, Eviction.CLEARED);
    }

    /** Drops this node's in-process entries of every namespace, counted as {@code cause}; returns about how many. */
    long clearLocalAll(Eviction cause) {
        long dropped = 0;
        for (Space s : spaces) {
            dropped += s.local.size();
            clearLocal(s, null, cause);
        }
        return dropped;
    }

    public void clearLocalAll() {
        clearLocalAll(Eviction.CLEARED);
    }

    /** How many evictions and clears wait for Redis. */
    public int pending() {
        return pending.size();
    }

    /** Evictions and clears that could not reach Redis are done, and announced, once it is back. */
    void replayPending() {
        if (redis == null || redis.status() != RedisStatus.UP) {
            return;
        }
        pending.replay(redis, bus, this::clearInRedis);
    }

    /** Applies another node's announcement to this node and tells the listeners. */
    void received(@Nullable BusMessage message) {
        switch (message) {
            case null -> {}
            case BusMessage.Evict e -> {
                Space s = spaces.of(e.namespace());
                for (String rk : e.keys()) {
                    dropLocal(s, rk, Eviction.REMOTE);
                }
                bus.emit(new CacheEvent.Evicted(e.node(), e.namespace(), e.keys()));
            }
            case BusMessage.Clear c -> {
                clearLocal(spaces.of(c.namespace()), c.orgId(), Eviction.REMOTE);
                bus.emit(new CacheEvent.Cleared(c.node(), c.namespace(), c.orgId()));
            }
            case BusMessage.Note n -> bus.emit(new CacheEvent.Message(n.node(), n.topic(), n.payload()));
        }
    }

    /** Removes {@code rk} from this node: this thread's memo, a running load (made stale), Caffeine. */
    void dropLocal(Space s, String rk, Eviction cause) {
        memo.forget(rk);
        s.flights.cancel(rk);
        if (s.local.remove(rk)) {
            s.stats.evicted(cause, 1);
        }
    }

    private void clearLocal(Space s, @Nullable Long orgId, Eviction cause) {
        String prefix = new Scope(s.namespace, orgId).prefix();
        memo.forgetMatching(prefix);
        s.flights.cancelMatching(prefix);
        s.stats.evicted(cause, orgId == null ? s.local.clear() : s.local.clearMatching(prefix));
    }

    private void evictInRedis(Space s, List<String> keys) {
        try {
            redis.deleteAndPublish(keys, bus.evict(s.namespace, keys));
        } catch (RedisTier.Unavailable u) {
            if (u.failed) {
                s.stats.redisErrors.increment();
            }
            pending.evictionFailed(s.namespace, keys);
        }
    }

    private boolean clearInRedis(Scope scope) {
        try {
            redis.deleteMatching(scope.prefix() + "*");
            redis.publish(bus.clear(scope));
            return true;
        } catch (RedisTier.Unavailable u) {
            if (u.failed) {
                spaces.of(scope.namespace()).stats.redisErrors.increment();
            }
            pending.clearFailed(scope);
            return false;
        }
    }
}
