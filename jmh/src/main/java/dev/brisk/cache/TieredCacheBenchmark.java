package dev.brisk.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.brisk.datagen.LocalRedis;
import dev.brisk.jmh.BenchRedis;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Brisk's cache read path, tier by tier, and against Spring's stock {@link RedisCacheManager} on
 * the same Redis. Each fork starts its own {@code redis-server} on a free port and kills it at the end.
 *
 * <ul>
 *   <li>{@code api} namespace: default settings (Caffeine 10 000 entries, 60 s local TTL) except a
 *       60 s Redis TTL, so the miss benchmark's fresh keys do not pile up in Redis.</li>
 *   <li>{@code dashboard} namespace: {@code local-max-entries=16}, read round-robin over 4096 keys
 *       that are all in Redis, so (almost) every read misses Caffeine and is answered by Redis, then
 *       written back to Caffeine as in production. The per-tier counters printed at tear-down
 *       ({@code [brisk-stats]}) show how many reads each tier answered.</li>
 * </ul>
 *
 * Values are {@link BenchValue} (JSON in Brisk's Redis tier, JDK serialization in Spring's).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TieredCacheBenchmark {

    static final int KEYS = 4096; // a power of two: index with & (KEYS - 1)
    static final long ORG = 42;

    private LocalRedis redis;
    private TieredCache brisk;
    private TieredCache memoryOnly;
    private LettuceConnectionFactory lettuce;
    private RedisCacheManager springManager;
    private org.springframework.cache.Cache spring;
    private Cache<String, BenchValue> rawCaffeine;

    private final BenchValue value = BenchValue.sample(ORG);
    private final LongAdder loads = new LongAdder();
    private final Supplier<Optional<BenchValue>> loader = () -> {
        loads.increment();
        return Optional.of(value);
    };
    private final Callable<BenchValue> springLoader = () -> {
        loads.increment();
        return value;
    };

    private CacheKey hot;
    private String hotRendered;
    private final CacheKey[] localKeys = new CacheKey[KEYS];
    private final CacheKey[] redisKeys = new CacheKey[KEYS];
    private final String[] springKeys = new String[KEYS];
    private int next;
    private long fresh;

    @Setup(Level.Trial)
    public void setUp() {
        redis = BenchRedis.start();
        brisk = BenchCaches.node(
                redis.port(),
                Map.of(
                        "api.redis-ttl", "60s",
                        "dashboard.local-max-entries", "16"));
        memoryOnly = BenchCaches.memoryOnly(Map.of());

        hot = CacheKey.of(CacheNamespace.API, ORG, "summary", "hot");
        hotRendered = hot.render();
        brisk.get(hot, BenchValue.class, loader);
        memoryOnly.get(hot, BenchValue.class, loader);
        for (int i = 0; i < KEYS; i++) {
            localKeys[i] = CacheKey.of(CacheNamespace.API, ORG, "summary", i);
            redisKeys[i] = CacheKey.of(CacheNamespace.DASHBOARD, ORG, "summary", i);
            springKeys[i] = "org:" + ORG + ":summary:" + i;
            brisk.get(localKeys[i], BenchValue.class, loader);
            brisk.get(redisKeys[i], BenchValue.class, loader);
        }

        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration("127.0.0.1", redis.port());
        lettuce = new LettuceConnectionFactory(config);
        lettuce.afterPropertiesSet();
        lettuce.start();
        springManager = RedisCacheManager.create(lettuce);
        springManager.afterPropertiesSet();
        spring = springManager.getCache("bench");
        for (int i = 0; i < KEYS; i++) {
            spring.put(springKeys[i], value);
        }

        rawCaffeine = Caffeine.newBuilder().maximumSize(10_000).build();
        rawCaffeine.put(hotRendered, value);

        BenchRedis.awaitKeys(redis, 1 + 3L * KEYS, java.time.Duration.ofSeconds(30));
        brisk.resetStats();
        memoryOnly.resetStats();
        loads.reset();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.print(BenchCaches.describe("two-tier", brisk, CacheNamespace.API, CacheNamespace.DASHBOARD));
        System.out.print(BenchCaches.describe("memory-only", memoryOnly, CacheNamespace.API));
        System.out.printf(
                "[brisk-stats] loader runs (Brisk and Spring) = %d, redis keys = %d%n",
                loads.sum(), BenchRedis.dbSize(redis));
        lettuce.destroy();
        brisk.close();
        memoryOnly.close();
        redis.close();
    }

    /** A per-request memo, opened on the benchmark thread for the iteration (a long request reading one key again). */
    @State(Scope.Thread)
    public static class RequestScopeState {
        TieredCache.RequestScope scope;

        @Setup(Level.Iteration)
        public void open(TieredCacheBenchmark b) {
            scope = b.brisk.openRequestScope();
            b.brisk.get(b.hot, BenchValue.class, b.loader);
        }

        @TearDown(Level.Iteration)
        public void close() {
            scope.close();
        }
    }

    // --- Brisk, tier by tier ----------------------------------------------------------------------

    /** Memo hit: the key was read before in this request. */
    @Benchmark
    public Optional<BenchValue> memoHit(RequestScopeState request) {
        return brisk.get(hot, BenchValue.class, loader);
    }

    /** Caffeine hit of one hot key, outside a request (memo skipped). */
    @Benchmark
    public Optional<BenchValue> localHit() {
        return brisk.get(hot, BenchValue.class, loader);
    }

    /** Caffeine hits round-robin over 4096 keys (all held locally): Brisk's steady-state two-tier read. */
    @Benchmark
    public Optional<BenchValue> localHit4096() {
        return brisk.get(localKeys[next++ & (KEYS - 1)], BenchValue.class, loader);
    }

    /** Redis hit: Caffeine holds 16 of the 4096 keys read round-robin, so reads go to Redis (and are written back). */
    @Benchmark
    public Optional<BenchValue> redisHit() {
        return brisk.get(redisKeys[next++ & (KEYS - 1)], BenchValue.class, loader);
    }

    /** Miss in every tier, loader returns a constant: Redis GET (nil), load, Caffeine put, async Redis SET. Includes building the new key. */
    @Benchmark
    public Optional<BenchValue> missLoad() {
        return brisk.get(CacheKey.of(CacheNamespace.API, ORG, "miss", fresh++), BenchValue.class, loader);
    }

    /** The same miss on an engine without Redis. */
    @Benchmark
    public Optional<BenchValue> missLoadMemoryOnly() {
        return memoryOnly.get(CacheKey.of(CacheNamespace.API, ORG, "miss", fresh++), BenchValue.class, loader);
    }

    // --- Spring's stock RedisCacheManager on the same Redis ------------------------------------------

    /** {@code Cache.get(key, valueLoader)}, round-robin over 4096 keys that are all in Redis. */
    @Benchmark
    public BenchValue springRedisCacheGet() {
        return spring.get(springKeys[next++ & (KEYS - 1)], springLoader);
    }

    // --- where a local hit's time goes --------------------------------------------------------------

    /** Rendering a key (SHA-256 over the parts, base64url): paid on every read. */
    @Benchmark
    public String keyRender() {
        return hot.render();
    }

    /** A bare Caffeine getIfPresent on an already rendered key: the floor under a local hit. */
    @Benchmark
    public BenchValue rawCaffeineHit() {
        return rawCaffeine.getIfPresent(hotRendered);
    }
}
