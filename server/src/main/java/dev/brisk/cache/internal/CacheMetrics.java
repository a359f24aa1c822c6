package dev.brisk.cache.internal;

import dev.brisk.cache.CacheNamespace;
import dev.brisk.cache.CacheStats;
import dev.brisk.cache.CacheStats.Tier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The engine's counters: LongAdders on the hot path, exposed as Micrometer meters
 * ({@code brisk.cache.*}, tags {@code namespace}, {@code tier}) and as {@link CacheStats} snapshots.
 * Meters are monotonic; {@link #reset()} only moves the snapshot's baseline.
 */
public final class CacheMetrics {

    public enum Eviction {
        EXPLICIT,
        REMOTE,
        SIZE,
        EXPIRED,
        CLEARED
    }

    static final class Ns {
        final CacheNamespace namespace;
        final LongAdder requests = new LongAdder();
        final LongAdder[] hits = adders(Tier.values().length);
        final LongAdder[] misses = adders(Tier.values().length);
        final LongAdder loads = new LongAdder();
        /** Lookups without a loader that no tier answered. */
        final LongAdder unanswered = new LongAdder();

        final LongAdder loadNanos = new LongAdder();
        final LongAdder loadErrors = new LongAdder();
        final LongAdder redisErrors = new LongAdder();
        final LongAdder redisSkips = new LongAdder();
        final LongAdder redisReads = new LongAdder();
        final LongAdder redisReadNanos = new LongAdder();
        final LongAdder[] evictions = adders(Eviction.values().length);
        private Timer loadTimer;
        private Timer redisReadTimer;
        private volatile long[] baseline = new long[0];

        Ns(CacheNamespace namespace) {
            this.namespace = namespace;
        }

        void hit(Tier tier) {
            hits[tier.ordinal()].increment();
        }

        void miss(Tier tier) {
            misses[tier.ordinal()].increment();
        }

        void loaded(long nanos, boolean failed) {
            loads.increment();
            loadNanos.add(nanos);
            if (failed) {
                loadErrors.increment();
            }
            if (loadTimer != null) {
                loadTimer.record(nanos, TimeUnit.NANOSECONDS);
            }
        }

        /** One answered Redis GET (hit or miss), with its round-trip time. */
        void redisRead(long nanos) {
            redisReads.increment();
            redisReadNanos.add(nanos);
            if (redisReadTimer != null) {
                redisReadTimer.record(nanos, TimeUnit.NANOSECONDS);
            }
        }

        void evicted(Eviction cause, long count) {
            if (count > 0) {
                evictions[cause.ordinal()].add(count);
            }
        }

        long evictionsTotal() {
            long sum = 0;
            for (LongAdder a : evictions) {
                sum += a.sum();
            }
            return sum;
        }

        /** All raw counts in one array, the order {@link #snapshot} reads them in. */
        long[] raw() {
            int tiers = Tier.values().length;
            long[] r = new long[10 + 2 * tiers];
            r[0] = requests.sum();
            r[1] = loads.sum();
            r[2] = loadNanos.sum();
            r[3] = loadErrors.sum();
            r[4] = redisErrors.sum();
            r[5] = redisSkips.sum();
            r[6] = evictionsTotal();
            r[7] = redisReads.sum();
            r[8] = redisReadNanos.sum();
            r[9] = unanswered.sum();
            for (int t = 0; t < tiers; t++) {
                r[10 + t] = hits[t].sum();
                r[10 + tiers + t] = misses[t].sum();
            }
            return r;
        }

        CacheStats.Namespace snapshot(long localSize) {
            long[] r = raw();
            long[] b = baseline;
            for (int i = 0; i < r.length && i < b.length; i++) {
                r[i] -= b[i];
            }
            int tiers = Tier.values().length;
            Map<Tier, CacheStats.TierStats> perTier = new EnumMap<>(Tier.class);
            for (Tier t : Tier.values()) {
                long h = r[10 + t.ordinal()];
                long m = r[10 + tiers + t.ordinal()];
                perTier.put(t, new CacheStats.TierStats(h, m, ratio(h, h + m)));
            }
            long requests = r[0];
            long loads = r[1];
            return new CacheStats.Namespace(
                    requests,
                    ratio(Math.max(requests - loads - r[9], 0), requests),
                    perTier,
                    loads,
                    r[2],
                    r[3],
                    r[7],
                    r[8],
                    r[4],
                    r[5],
                    r[6],
                    localSize);
        }

        void reset() {
            baseline = raw();
        }

        private static double ratio(long part, long whole) {
            return whole == 0 ? 0 : (double) part / whole;
        }

        private static LongAdder[] adders(int n) {
            LongAdder[] a = new LongAdder[n];
            for (int i = 0; i < n; i++) {
                a[i] = new LongAdder();
            }
            return a;
        }
    }

    private final Map<CacheNamespace, Ns> namespaces = new EnumMap<>(CacheNamespace.class);
    private final Ns[] byOrdinal = new Ns[CacheNamespace.values().length];

    public CacheMetrics() {
        for (CacheNamespace ns : CacheNamespace.values()) {
            Ns n = new Ns(ns);
            namespaces.put(ns, n);
            byOrdinal[ns.ordinal()] = n;
        }
    }

    Ns of(CacheNamespace namespace) {
        return byOrdinal[namespace.ordinal()];
    }

    public void reset() {
        namespaces.values().forEach(Ns::reset);
    }

    /**
     * Registers the meters.
     *
     * @param localSize     entries in the Caffeine tier of a namespace
     * @param breakerState  the breaker's state name, or {@code NONE} without Redis
     * @param redisUp       1 while Redis is in use, else 0
     */
    public void bind(
            MeterRegistry registry,
            java.util.function.ToLongFunction<CacheNamespace> localSize,
            Supplier<String> breakerState,
            LongSupplier redisUp) {
        for (Ns n : namespaces.values()) {
            String ns = n.namespace.prefix();
            for (Tier tier : Tier.values()) {
                Tags tags = Tags.of("namespace", ns, "tier", lower(tier));
                FunctionCounter.builder("brisk.cache.gets", n.hits[tier.ordinal()], LongAdder::doubleValue)
                        .tags(tags)
                        .tag("result", "hit")
                        .description("Reads answered by this tier")
                        .register(registry);
                FunctionCounter.builder("brisk.cache.gets", n.misses[tier.ordinal()], LongAdder::doubleValue)
                        .tags(tags)
                        .tag("result", "miss")
                        .description("Reads this tier could not answer")
                        .register(registry);
            }
            FunctionCounter.builder("brisk.cache.requests", n.requests, LongAdder::doubleValue)
                    .tags("namespace", ns)
                    .description("Reads asked of the cache")
                    .register(registry);
            n.loadTimer = Timer.builder("brisk.cache.loads")
                    .tags("namespace", ns, "tier", "loader")
                    .description("Loader runs after a miss in every tier")
                    .register(registry);
            n.redisReadTimer = Timer.builder("brisk.cache.redis.reads")
                    .tags("namespace", ns, "tier", "redis")
                    .description("Round trips of answered Redis reads (hits and misses)")
                    .register(registry);
            FunctionCounter.builder("brisk.cache.errors", n.loadErrors, LongAdder::doubleValue)
                    .tags("namespace", ns, "tier", "loader")
                    .description("Loader runs that threw")
                    .register(registry);
            FunctionCounter.builder("brisk.cache.errors", n.redisErrors, LongAdder::doubleValue)
                    .tags("namespace", ns, "tier", "redis")
                    .description("Failed Redis commands and unreadable entries, swallowed")
                    .register(registry);
            FunctionCounter.builder("brisk.cache.skips", n.redisSkips, LongAdder::doubleValue)
                    .tags("namespace", ns, "tier", "redis")
                    .description("Reads that skipped Redis while it was unavailable")
                    .register(registry);
            for (Eviction cause : Eviction.values()) {
                FunctionCounter.builder("brisk.cache.evictions", n.evictions[cause.ordinal()], LongAdder::doubleValue)
                        .tags("namespace", ns, "tier", "local", "cause", lower(cause))
                        .description("Entries removed from this process's tier")
                        .register(registry);
            }
            Gauge.builder("brisk.cache.size", () -> localSize.applyAsLong(n.namespace))
                    .tags("namespace", ns, "tier", "local")
                    .description("Entries in this process's tier")
                    .register(registry);
        }
        for (String state : new String[] {"CLOSED", "OPEN", "HALF_OPEN", "NONE"}) {
            Gauge.builder("brisk.cache.breaker.state", () -> state.equals(breakerState.get()) ? 1 : 0)
                    .tags("state", state.toLowerCase(Locale.ROOT), "tier", "redis")
                    .description("1 for the Redis circuit breaker's current state (none = no Redis configured)")
                    .register(registry);
        }
        Gauge.builder("brisk.cache.redis.up", redisUp::getAsLong)
                .tags("tier", "redis")
                .description("1 while Redis is in use, 0 while memory-only")
                .register(registry);
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
