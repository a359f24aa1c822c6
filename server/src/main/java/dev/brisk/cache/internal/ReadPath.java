package dev.brisk.cache.internal;

import dev.brisk.cache.CacheKey;
import dev.brisk.cache.CacheStats.Tier;
import dev.brisk.monitoring.RequestStats;
import dev.brisk.monitoring.Spans;
import dev.brisk.platform.replica.ReadRouting;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A read: request memo → Caffeine → Redis → loader, each tier that missed filled from the one
 * that answered; concurrent misses on one key share one load ({@link SingleFlight}); a load's
 * result is stored in every tier unless the key was evicted meanwhile.
 */
public final class ReadPath {

    private final boolean enabled;
    private final Spaces spaces;
    private final RequestMemo memo;
    private final RedisValues redisValues;
    private final @Nullable RedisTier redis;
    private final Spans spans;

    public ReadPath(
            boolean enabled, Spaces spaces, RequestMemo memo, @Nullable RedisTier redis, Codec codec, Spans spans) {
        this.enabled = enabled;
        this.spans = spans;
        this.spaces = spaces;
        this.memo = memo;
        this.redis = redis;
        this.redisValues = new RedisValues(redis, codec, spans);
    }

    RedisValues redisValues() {
        return redisValues;
    }

    /**
     * With a loader never null; without one (a peek) null on a miss in every tier.
     *
     * @param type a Class, a TypeReference, or null to decode by the type named in the Redis entry
     */
    public @Nullable Entry read(CacheKey key, @Nullable Object type, @Nullable Supplier<? extends Optional<?>> loader) {
        if (!spans.on()) {
            return readTiers(key, type, loader);
        }
        // one span per read: the namespace, the tier that answered (report) and, as children, the Redis
        // read and the loader's SQL
        return spans.within(
                "cache.get",
                () -> readTiers(key, type, loader),
                "cache.namespace",
                key.namespace().prefix());
    }

    private @Nullable Entry readTiers(
            CacheKey key, @Nullable Object type, @Nullable Supplier<? extends Optional<?>> loader) {
        Space s = spaces.of(key.namespace());
        s.stats.requests.increment();
        if (!enabled) {
            if (loader == null) {
                s.stats.unanswered.increment();
                return null;
            }
            return load(s, loader);
        }
        String rk = key.render();
        Map<String, Entry> m = memo.current();
        if (m != null) {
            Entry e = m.get(rk);
            if (e != null) {
                s.stats.hit(Tier.MEMO);
                report(key, "memo");
                return e;
            }
            s.stats.miss(Tier.MEMO);
        }
        Entry e = s.local.get(rk);
        if (e != null) {
            s.stats.hit(Tier.LOCAL);
            report(key, "local");
            RequestMemo.remember(m, rk, e);
            return e;
        }
        s.stats.miss(Tier.LOCAL);
        if (loader == null) {
            e = redisValues.read(s, rk, type);
            if (e != null) {
                s.local.put(rk, e);
                RequestMemo.remember(m, rk, e);
            } else {
                s.stats.unanswered.increment();
            }
            report(key, e == null ? "miss" : "redis");
            return e;
        }
        SingleFlight.Flight flight = new SingleFlight.Flight();
        SingleFlight.Flight running = s.flights.join(rk, flight);
        if (running != null) {
            e = running.await(rk);
            report(key, "flight");
            RequestMemo.remember(m, rk, e);
            return e;
        }
        try {
            e = s.local.get(rk); // a flight that ended between our miss and our start
            if (e == null) {
                e = redisValues.read(s, rk, type);
                if (e != null) {
                    report(key, "redis");
                    if (!flight.stale()) {
                        s.local.put(rk, e);
                    }
                } else {
                    report(key, "miss");
                    e = load(s, loader);
                    store(s, rk, e, flight);
                }
            } else {
                report(key, "local");
            }
            flight.complete(e);
        } catch (Throwable t) {
            flight.fail(t);
            throw t;
        } finally {
            s.flights.land(rk, flight);
        }
        RequestMemo.remember(m, rk, e);
        return e;
    }

    private Entry load(Space s, Supplier<? extends Optional<?>> loader) {
        long start = System.nanoTime();
        Optional<?> result;
        try {
            result = loader.get();
        } catch (RuntimeException | Error e) {
            s.stats.loaded(System.nanoTime() - start, true);
            throw e;
        }
        s.stats.loaded(System.nanoTime() - start, false);
        Object value = result == null ? null : result.orElse(null);
        return value == null ? s.absentEntry() : s.valueEntry(value);
    }

    private void store(Space s, String rk, Entry e, SingleFlight.Flight flight) {
        if ((e.absent() && !s.settings.cachesAbsent()) || flight.stale() || !ReadRouting.storable()) {
            return;
        }
        s.local.put(rk, e);
        redisValues.write(s, rk, e.value());
        if (flight.stale()) { // evicted while we were storing: take it back
            s.local.remove(rk, e);
            if (redis != null) {
                redis.deleteAsync(List.of(rk), s.redisFailed);
            }
        }
    }

    /** Tells the request's Server-Timing, and the read's span, which tier answered. */
    private void report(CacheKey key, String tier) {
        if (spans.on()) {
            spans.tagCurrent("cache.tier", tier);
            spans.tagCurrent("cache.outcome", "miss".equals(tier) ? "miss" : "hit");
        }
        RequestStats request = RequestStats.current();
        if (request != null) {
            request.cacheOutcome(key.namespace().prefix(), tier);
        }
    }
}
