package dev.brisk.auth;

import dev.brisk.cache.BenchCaches;
import dev.brisk.cache.CacheNamespace;
import dev.brisk.cache.TieredCache;
import dev.brisk.datagen.LocalRedis;
import dev.brisk.jmh.BenchRedis;
import dev.brisk.platform.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
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
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * The auth step of an authenticated request as Brisk runs it, without Spring: the real
 * {@link AuthService#resolve} (shape check, SHA-256 of the token, {@link TokenCache} →
 * {@link TieredCache} lookup in the {@code auth:} namespace, expiry check, the
 * {@code brisk.auth.checks} timer) on engines connected to a private {@code redis-server}.
 *
 * <p>Not included: reading the {@code Authorization} header and setting Spring Security's context
 * in {@link BearerTokenFilter}. The database is replaced by a {@link SessionRepository} whose
 * {@code findLive} only counts calls: a warm check must make none, and tear-down prints a warning
 * if the warm benchmarks made any (the per-tier counters then show why: expiry, Redis errors).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuthCheckBenchmark {

    static final int TOKENS = 4096; // power of two

    private LocalRedis redis;
    /** A node with the default {@code auth} settings: the warm token sits in Caffeine. */
    private TieredCache node;
    /** A second node on the same Redis whose Caffeine tier holds 16 tokens: reads come from Redis. */
    private TieredCache redisNode;

    private AuthService warm;
    private AuthService viaRedis;
    private final LongAdder databaseLookups = new LongAdder();
    private String token;
    private final String[] tokens = new String[TOKENS];
    private int next;
    private String benchmark;

    @Setup(Level.Trial)
    public void setUp(org.openjdk.jmh.infra.BenchmarkParams params) {
        benchmark = params.getBenchmark();
        redis = BenchRedis.start();
        node = BenchCaches.node(redis.port(), Map.of());
        redisNode = BenchCaches.node(redis.port(), Map.of("auth.local-max-entries", "16"));
        AuthSession session = new AuthSession(
                new Caller(7, 42, "member@example.com", Caller.Role.MEMBER),
                Instant.now().plus(Duration.ofHours(12)),
                new UserView(
                        7, 42, "member@example.com", "Member", "MEMBER", "ACTIVE", null, Instant.now(), Instant.now()));
        SessionRepository sessions = new SessionRepository(null) {
            @Override
            Optional<AuthSession> findLive(byte[] tokenHash) {
                databaseLookups.increment();
                return Optional.of(session);
            }
        };
        warm = service(node, sessions);
        viaRedis = service(redisNode, sessions);

        token = Tokens.generate();
        if (warm.resolve(token).isEmpty()) { // the cold check: loads once, stores in Caffeine and Redis
            throw new IllegalStateException("setup: token did not resolve");
        }
        for (int i = 0; i < TOKENS; i++) {
            tokens[i] = Tokens.generate();
            warm.resolve(tokens[i]);
        }
        BenchRedis.awaitKeys(redis, TOKENS + 1, Duration.ofSeconds(30));
        node.resetStats();
        redisNode.resetStats();
        databaseLookups.reset();
    }

    private static AuthService service(TieredCache cache, SessionRepository sessions) {
        AuthProperties properties = new AuthProperties(
                Duration.ofHours(12), 5, 50, Duration.ofMinutes(15), Duration.ofMinutes(1), Duration.ofHours(1));
        // the benchmark never reaches the database: a data source that is never asked for a connection
        var plans =
                new dev.brisk.platform.CustomPlans(new org.springframework.jdbc.datasource.SimpleDriverDataSource());
        return new AuthService(
                new UserRepository(null, plans),
                sessions,
                PasswordEncoderFactories.createDelegatingPasswordEncoder(),
                new LoginThrottle(properties, cache),
                properties,
                new TokenCache(cache, sessions),
                new AuthMetrics(cache, new SimpleMeterRegistry()));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.print(BenchCaches.describe("node", node, CacheNamespace.AUTH));
        System.out.print(BenchCaches.describe("redis-node", redisNode, CacheNamespace.AUTH));
        System.out.printf("[brisk-stats] database lookups during measurement = %d%n", databaseLookups.sum());
        long lookups = databaseLookups.sum();
        node.close();
        redisNode.close();
        redis.close();
        if (lookups > 0 && !benchmark.endsWith("resolveFromRedis")) {
            // not thrown: JMH would drop the whole result; the line is in the run log for the reader
            System.out.printf("[brisk-stats] WARNING: warm auth checks went to the database %d times%n", lookups);
        }
    }

    /** Warm check outside a request scope: Caffeine answers. */
    @Benchmark
    public Optional<AuthSession> resolveWarm() {
        return warm.resolve(token);
    }

    /**
     * Warm check as a request makes it: the request's memo is opened (empty), the check misses it,
     * Caffeine answers and the memo remembers the session, the memo is closed.
     */
    @Benchmark
    public Optional<AuthSession> resolveWarmInFreshRequest() {
        try (TieredCache.RequestScope scope = node.openRequestScope()) {
            return warm.resolve(token);
        }
    }

    /** Check on a node whose Caffeine tier does not hold the token: Redis answers (4096 tokens round-robin). */
    @Benchmark
    public Optional<AuthSession> resolveFromRedis() {
        return viaRedis.resolve(tokens[next++ & (TOKENS - 1)]);
    }

    /** The SHA-256 of the token alone (one of the two hashes a check computes; the other renders the cache key). */
    @Benchmark
    public byte[] tokenSha256() {
        return Tokens.hash(token);
    }
}
