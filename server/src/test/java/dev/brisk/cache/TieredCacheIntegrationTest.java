package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.cache.CacheStats.Tier;
import dev.brisk.support.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Health;

/**
 * The engine against a real Redis: a private redis-server on a free port, shared by the engines
 * ("nodes") a test builds; the failure test starts, kills and restarts its own.
 */
class TieredCacheIntegrationTest {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    record Customer(long id, String name) {}

    @RegisterExtension
    static final RedisProcess redis = RedisProcess.forTestClass();

    private final List<TieredCache> nodes = new ArrayList<>();

    @AfterEach
    void closeNodes() {
        nodes.forEach(TieredCache::close);
    }

    private TieredCache node(RedisProcess server, Map<String, String> settings) {
        TieredCache node = TestCaches.node(server, settings);
        nodes.add(node);
        return node;
    }

    /** A node connected and subscribed (subscribing clears the local tier, so tests start after it). */
    private TieredCache readyNode(RedisProcess server, Map<String, String> settings) {
        TieredCache node = node(server, settings);
        await().atMost(PATIENCE)
                .until(() ->
                        node.redisStatus() == RedisStatus.UP && node.redisTier().subscribed());
        return node;
    }

    private TieredCache readyNode() {
        return readyNode(redis, Map.of());
    }

    private static Optional<Customer> ada(TieredCache node, CacheKey key, AtomicInteger loads) {
        return node.get(key, Customer.class, () -> {
            loads.incrementAndGet();
            return Optional.of(new Customer(7, "Ada"));
        });
    }

    private static CacheStats.Namespace stats(TieredCache node, CacheNamespace ns) {
        return node.stats().namespaces().get(ns);
    }

    private static void awaitInRedis(String key) {
        await().atMost(PATIENCE).until(() -> ":1".equals(redis.command("EXISTS " + key)));
    }

    @Test
    void secondReadIsACaffeineHit() {
        TieredCache node = readyNode();
        AtomicInteger loads = new AtomicInteger();
        CacheKey key = CacheKey.of(CacheNamespace.API, 1, "customer", 7);

        assertThat(ada(node, key, loads)).contains(new Customer(7, "Ada"));
        assertThat(ada(node, key, loads)).contains(new Customer(7, "Ada"));

        assertThat(loads).hasValue(1);
        CacheStats.Namespace api = stats(node, CacheNamespace.API);
        assertThat(api.tiers().get(Tier.LOCAL).hits()).isEqualTo(1);
        assertThat(api.tiers().get(Tier.REDIS).misses()).isEqualTo(1);
        assertThat(api.tiers().get(Tier.REDIS).hits()).isZero();
        assertThat(api.redisReads()).isEqualTo(1);
        assertThat(api.meanRedisReadMillis()).isPositive();

        node.clearLocal(CacheNamespace.API); // this node only: Redis still has it
        assertThat(ada(node, key, loads)).contains(new Customer(7, "Ada"));
        assertThat(loads).hasValue(1);
        assertThat(stats(node, CacheNamespace.API).tiers().get(Tier.REDIS).hits())
                .isEqualTo(1);
    }

    @Test
    void anotherNodeReadsTheEntryFromRedisAsJson() {
        TieredCache a = readyNode();
        TieredCache b = readyNode();
        AtomicInteger loads = new AtomicInteger();
        CacheKey key = CacheKey.of(CacheNamespace.API, 1, "customer", 7);
        ada(a, key, loads);
        String rendered = key.render();
        awaitInRedis(rendered);

        assertThat(ada(b, key, loads)).contains(new Customer(7, "Ada"));
        assertThat(loads).hasValue(1);
        assertThat(stats(b, CacheNamespace.API).tiers().get(Tier.REDIS).hits()).isEqualTo(1);
        assertThat(ada(b, key, loads)).contains(new Customer(7, "Ada"));
        assertThat(stats(b, CacheNamespace.API).tiers().get(Tier.LOCAL).hits()).isEqualTo(1);

        String json = redis.command("GET " + rendered);
        assertThat(json)
                .contains("\"v\":{\"id\":7,\"name\":\"Ada\"}")
                .contains("\"t\":\"" + Customer.class.getName() + "\"");
        long pttl = Long.parseLong(redis.command("PTTL " + rendered).substring(1));
        long fiveMinutes = Duration.ofMinutes(5).toMillis();
        assertThat(pttl).isBetween((long) (fiveMinutes * 0.85), (long) (fiveMinutes * 1.1));
    }

    @Test
    void concurrentMissesRunTheLoaderOnce() throws Exception {
        TieredCache node = readyNode();
        CacheKey key = CacheKey.of(CacheNamespace.DASHBOARD, 3, "summary");
        assertThat(TestCaches.loadsUnderConcurrentMisses(node, key)).isEqualTo(1);
        assertThat(stats(node, CacheNamespace.DASHBOARD).loads()).isEqualTo(1);
    }

    @Test
    void absentIsCachedBrieflyForEveryNode() {
        // auth's own default is 30 s (CacheProperties); the bound below is for a 15 s absent TTL
        Map<String, String> absent15s = Map.of("auth.absent-ttl", "15s");
        TieredCache a = readyNode(redis, absent15s);
        TieredCache b = readyNode(redis, absent15s);
        CacheKey key = CacheKey.global(CacheNamespace.AUTH, "token-hash-that-does-not-exist");
        AtomicInteger loads = new AtomicInteger();

        assertThat(a.get(key, String.class, () -> {
                    loads.incrementAndGet();
                    return Optional.empty();
                }))
                .isEmpty();
        awaitInRedis(key.render());
        assertThat(b.get(key, String.class, () -> {
                    loads.incrementAndGet();
                    return Optional.of("must not load: absent is cached");
                }))
                .isEmpty();

        assertThat(loads).hasValue(1);
        assertThat(redis.command("GET " + key.render())).contains("\"a\":true");
        long pttl = Long.parseLong(redis.command("PTTL " + key.render()).substring(1));
        assertThat(pttl).isPositive().isLessThanOrEqualTo((long)
                (Duration.ofSeconds(15).toMillis() * 1.1));
    }

    @Test
    void disabledRedisIsNeverContacted() {
        try (RedisProcess own = RedisProcess.started()) {
            AtomicInteger infoCalls = new AtomicInteger();
            long before = own.info("total_connections_received"); // each INFO is one connection of its own
            TieredCache node = node(own, Map.of("redis.host", "disabled"));
            AtomicInteger loads = new AtomicInteger();
            CacheKey key = CacheKey.of(CacheNamespace.API, 1, "x");
            ada(node, key, loads);
            ada(node, key, loads);
            node.put(CacheKey.of(CacheNamespace.API, 1, "y"), "y");
            node.evict(key);
            node.clear(CacheNamespace.API);
            node.publish("topic", "nobody hears this");

            assertThat(loads).hasValue(1);
            assertThat(node.redisStatus()).isEqualTo(RedisStatus.DISABLED);
            assertThat(node.redisTier()).isNull();
            assertThat(node.redisDetails()).containsEntry("redis", "disabled");
            assertThat(new CacheHealthIndicator(node).health().getStatus().getCode())
                    .isEqualTo("DISABLED");
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> {
                infoCalls.incrementAndGet();
                return own.info("connected_clients") == 1; // only the asking connection
            });
            long after = own.info("total_connections_received");
            assertThat(after - before).isEqualTo(infoCalls.get() + 1);
            assertThat(own.command("DBSIZE")).isEqualTo(":0");
        }
    }

    @Test
    void survivesRedisDyingUnderLoadAndReturnsToIt() throws Exception {
        try (RedisProcess own = RedisProcess.started()) {
            Map<String, String> settings = Map.of("api.local-ttl", "200ms");
            TieredCache a = readyNode(own, settings);
            TieredCache b = readyNode(own, settings);
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            AtomicLong reads = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            for (int t = 0; t < 8; t++) {
                TieredCache node = t % 2 == 0 ? a : b;
                pool.submit(() -> {
                    int i = 0;
                    while (running.get()) {
                        long id = i++ % 300;
                        try {
                            Optional<Customer> c = node.get(
                                    CacheKey.of(CacheNamespace.API, 5, "customer", id),
                                    Customer.class,
                                    () -> Optional.of(new Customer(id, "c" + id)));
                            if (!c.equals(Optional.of(new Customer(id, "c" + id)))) {
                                failures.add(new AssertionError("wrong value " + c + " for " + id));
                            }
                            reads.incrementAndGet();
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                        sleep(1); // a steady read rate, not eight threads spinning on two cores
                    }
                });
            }
            try {
                await().atMost(PATIENCE)
                        .until(() -> stats(a, CacheNamespace.API)
                                        .tiers()
                                        .get(Tier.REDIS)
                                        .hits()
                                > 0);

                own.kill();
                await().atMost(PATIENCE)
                        .until(() -> a.redisStatus() == RedisStatus.DEGRADED && "OPEN".equals(a.breakerState()));
                Health health = new CacheHealthIndicator(a).health();
                assertThat(health.getStatus().getCode()).isEqualTo("DEGRADED");
                long readsWhileDown = reads.get();
                // a few seconds of memory-only service; the breaker's probes keep failing meanwhile
                await().during(Duration.ofSeconds(3))
                        .atMost(PATIENCE)
                        .until(() -> a.redisStatus() == RedisStatus.DEGRADED);
                assertThat(reads.get()).isGreaterThan(readsWhileDown);
                CacheKey revoked = CacheKey.of(CacheNamespace.API, 5, "customer", 1);
                a.evict(revoked); // cannot reach Redis: remembered and replayed
                assertThat(a.redisDetails().get("pendingEvictions")).isNotEqualTo(0);

                own.start();
                await().atMost(PATIENCE)
                        .until(() -> a.redisStatus() == RedisStatus.UP && b.redisStatus() == RedisStatus.UP);
                await().atMost(PATIENCE)
                        .until(() -> Integer.valueOf(0).equals(a.redisDetails().get("pendingEvictions")));
                assertThat(new CacheHealthIndicator(a).health().getStatus().getCode())
                        .isEqualTo("UP");

                // Redis is in use again: one node's load is the other's Redis hit
                long redisHits =
                        stats(b, CacheNamespace.API).tiers().get(Tier.REDIS).hits();
                AtomicInteger loads = new AtomicInteger();
                CacheKey after = CacheKey.of(CacheNamespace.API, 5, "after-restart");
                ada(a, after, loads);
                await().atMost(PATIENCE).until(() -> ":1".equals(own.command("EXISTS " + after.render())));
                ada(b, after, loads);
                assertThat(loads).hasValue(1);
                assertThat(stats(b, CacheNamespace.API).tiers().get(Tier.REDIS).hits())
                        .isGreaterThan(redisHits);
            } finally {
                running.set(false);
                pool.shutdown();
                assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(failures).isEmpty();
            CacheStats.Namespace api = stats(a, CacheNamespace.API);
            assertThat(api.redisErrors() + api.redisSkips()).isPositive();
        }
    }

    @Test
    void evictionsReachTheOtherNodesInProcessTier() {
        Map<String, String> noRepeat = Map.of("redis.evict-repeat-delay", "0s"); // the put below must survive
        TieredCache a = readyNode(redis, noRepeat);
        TieredCache b = readyNode(redis, noRepeat);
        List<CacheEvent> heardByB = new CopyOnWriteArrayList<>();
        List<CacheEvent> heardByA = new CopyOnWriteArrayList<>();
        b.subscribe(heardByB::add);
        a.subscribe(heardByA::add);
        CacheKey key = CacheKey.of(CacheNamespace.AUTH, 4, "session");
        a.get(key, String.class, () -> Optional.of("live"));
        awaitInRedis(key.render());
        assertThat(b.get(key, String.class, () -> Optional.of("b loaded"))).contains("live"); // now in B's Caffeine

        a.evict(key);
        await().atMost(PATIENCE)
                .until(() ->
                        b.get(key, String.class, () -> Optional.of("revoked")).equals(Optional.of("revoked")));
        assertThat(heardByB).contains(new CacheEvent.Evicted(a.nodeId(), CacheNamespace.AUTH, List.of(key.render())));
        assertThat(heardByA).noneMatch(e -> e instanceof CacheEvent.Evicted);

        a.put(key, "replaced");
        await().atMost(PATIENCE).until(() -> b.getIfPresent(key, String.class).equals(Optional.of("replaced")));

        a.publish("monitoring", "reset");
        await().atMost(PATIENCE)
                .until(() -> heardByB.contains(new CacheEvent.Message(a.nodeId(), "monitoring", "reset")));
    }

    @Test
    void aValueWrittenBackJustAfterAnEvictionIsRemovedAgain() {
        TieredCache a = readyNode(redis, Map.of("redis.evict-repeat-delay", "500ms"));
        TieredCache b = readyNode(redis, Map.of());
        TieredCache late = readyNode(redis, Map.of());
        CacheKey key = CacheKey.global(CacheNamespace.AUTH, "revoked-token");
        a.evict(key);
        // what a load on another node, started before the eviction, may write back just after it
        // (putFresh writes Redis, MAC'd, without telling the other nodes, as such a late load does)
        late.putFresh(key, "stale");
        await().atMost(PATIENCE).until(() -> ":1".equals(redis.command("EXISTS " + key.render())));
        assertThat(b.getIfPresent(key, String.class)).contains("stale");

        await().atMost(PATIENCE).until(() -> ":0".equals(redis.command("EXISTS " + key.render())));
        await().atMost(PATIENCE).until(() -> b.getIfPresent(key, String.class).isEmpty());
    }

    @Test
    void clearEmptiesTheNamespaceOnEveryNodeAndInRedis() {
        TieredCache a = readyNode();
        TieredCache b = readyNode();
        for (int i = 0; i < 50; i++) {
            CacheKey key = CacheKey.of(CacheNamespace.DASHBOARD, i % 2, "widget", i);
            b.get(key, Integer.class, () -> Optional.of(1));
        }
        CacheKey other = CacheKey.of(CacheNamespace.API, 1, "stays");
        b.get(other, Integer.class, () -> Optional.of(1));
        await().atMost(PATIENCE).until(() -> ":51".equals(redis.command("DBSIZE")));

        a.clear(CacheNamespace.DASHBOARD, 0);
        await().atMost(PATIENCE).until(() -> ":26".equals(redis.command("DBSIZE")));
        await().atMost(PATIENCE).until(() -> stats(b, CacheNamespace.DASHBOARD).localSize() == 25);

        a.clear(CacheNamespace.DASHBOARD);
        assertThat(redis.command("DBSIZE")).isEqualTo(":1");
        await().atMost(PATIENCE).until(() -> stats(b, CacheNamespace.DASHBOARD).localSize() == 0);
        assertThat(b.getIfPresent(other, Integer.class)).contains(1);
    }

    @Test
    void organizationsNeverReadEachOthersEntries() {
        TieredCache a = readyNode();
        TieredCache b = readyNode();
        CacheKey org1 = CacheKey.of(CacheNamespace.API, 1, "customers", "page-1");
        CacheKey org2 = CacheKey.of(CacheNamespace.API, 2, "customers", "page-1");

        assertThat(a.get(org1, String.class, () -> Optional.of("org 1 data"))).contains("org 1 data");
        assertThat(a.get(org2, String.class, () -> Optional.of("org 2 data"))).contains("org 2 data");
        awaitInRedis(org1.render());
        awaitInRedis(org2.render());
        assertThat(b.getIfPresent(org2, String.class)).contains("org 2 data");
        assertThat(b.getIfPresent(org1, String.class)).contains("org 1 data");

        String keys = redis.command("KEYS api:*");
        assertThat(keys)
                .contains(org1.render())
                .contains(org2.render())
                .doesNotContain("customers")
                .doesNotContain("page-1");
        assertThat(org1.render()).startsWith("api:1:");
        assertThat(org2.render()).startsWith("api:2:");

        a.clear(CacheNamespace.API, 1);
        assertThat(redis.command("EXISTS " + org1.render())).isEqualTo(":0");
        assertThat(redis.command("EXISTS " + org2.render())).isEqualTo(":1");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
