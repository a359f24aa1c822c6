package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.brisk.cache.CacheStats.Tier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;

/** The engine without Redis: memo, Caffeine, single flight, absent entries, invalidation, stats. */
class TieredCacheTest {

    record Customer(long id, String name) {}

    private final List<TieredCache> engines = new ArrayList<>();

    @AfterEach
    void close() {
        engines.forEach(TieredCache::close);
    }

    private TieredCache cache(Map<String, String> settings) {
        TieredCache cache = TestCaches.memoryOnly(settings);
        engines.add(cache);
        return cache;
    }

    private TieredCache cache() {
        return cache(Map.of());
    }

    @Test
    void loadsOnceThenAnswersFromCaffeine() {
        TieredCache cache = cache();
        AtomicInteger loads = new AtomicInteger();
        CacheKey key = CacheKey.of(CacheNamespace.API, 1, "customer", 7);

        for (int i = 0; i < 5; i++) {
            Optional<Customer> c = cache.get(key, Customer.class, () -> {
                loads.incrementAndGet();
                return Optional.of(new Customer(7, "Ada"));
            });
            assertThat(c).contains(new Customer(7, "Ada"));
        }

        assertThat(loads).hasValue(1);
        CacheStats.Namespace api = cache.stats().namespaces().get(CacheNamespace.API);
        assertThat(api.requests()).isEqualTo(5);
        assertThat(api.loads()).isEqualTo(1);
        assertThat(api.tiers().get(Tier.LOCAL).hits()).isEqualTo(4);
        assertThat(api.tiers().get(Tier.LOCAL).misses()).isEqualTo(1);
        assertThat(api.hitRate()).isEqualTo(0.8);
        assertThat(cache.redisStatus()).isEqualTo(RedisStatus.DISABLED);
    }

    @Test
    void aLookupThatNoTierAnswersCountsAgainstTheHitRate() {
        TieredCache cache = cache();
        CacheKey key = CacheKey.of(CacheNamespace.API, 1, "response", "/api/customers");
        assertThat(cache.getIfPresent(key, String.class)).isEmpty();
        cache.putFresh(key, "body");
        assertThat(cache.getIfPresent(key, String.class)).contains("body");
        CacheStats.Namespace api = cache.stats().namespaces().get(CacheNamespace.API);
        assertThat(api.requests()).isEqualTo(2);
        assertThat(api.loads()).isZero();
        assertThat(api.hitRate()).isEqualTo(0.5);
    }

    @Test
    void theRequestMemoAnswersWithinOneRequestOnly() {
        TieredCache cache = cache();
        CacheKey key = CacheKey.of(CacheNamespace.AUTH, 1, "session");
        try (TieredCache.RequestScope scope = cache.openRequestScope()) {
            cache.get(key, String.class, () -> Optional.of("first"));
            cache.clear(CacheNamespace.AUTH); // gone from Caffeine and from this request's memo
            assertThat(cache.get(key, String.class, () -> Optional.of("second")))
                    .contains("second");
            cache.clear(CacheNamespace.DASHBOARD);
            assertThat(cache.get(key, String.class, () -> Optional.of("third"))).contains("second");
        }
        CacheStats.Namespace auth = cache.stats().namespaces().get(CacheNamespace.AUTH);
        assertThat(auth.tiers().get(Tier.MEMO).hits()).isEqualTo(1);
        assertThat(auth.tiers().get(Tier.MEMO).misses()).isEqualTo(2);

        cache.get(key, String.class, () -> Optional.of("fourth")); // outside a request: no memo tier
        auth = cache.stats().namespaces().get(CacheNamespace.AUTH);
        assertThat(auth.tiers().get(Tier.MEMO).hits()
                        + auth.tiers().get(Tier.MEMO).misses())
                .isEqualTo(3);
        assertThat(auth.tiers().get(Tier.LOCAL).hits()).isEqualTo(1);
    }

    @Test
    void theMemoKeepsOneAnswerPerRequestEvenWhenAnotherThreadEvicts() throws Exception {
        TieredCache cache = cache();
        CacheKey key = CacheKey.global(CacheNamespace.AUTH, "token");
        try (TieredCache.RequestScope scope = cache.openRequestScope()) {
            cache.get(key, String.class, () -> Optional.of("v1"));
            Thread other = Thread.ofVirtual().start(() -> cache.evict(key));
            other.join();
            assertThat(cache.get(key, String.class, () -> Optional.of("v2"))).contains("v1");
        }
        assertThat(cache.get(key, String.class, () -> Optional.of("v2"))).contains("v2");
    }

    @Test
    void absentIsCachedForTheAbsentTtl() {
        TieredCache cache = cache(Map.of("auth.absent-ttl", "300ms", "auth.jitter", "0"));
        AtomicInteger loads = new AtomicInteger();
        CacheKey key = CacheKey.global(CacheNamespace.AUTH, "garbage-token");

        for (int i = 0; i < 10; i++) {
            assertThat(cache.get(key, String.class, () -> {
                        loads.incrementAndGet();
                        return Optional.empty();
                    }))
                    .isEmpty();
        }
        assertThat(loads).hasValue(1);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            cache.get(key, String.class, () -> {
                loads.incrementAndGet();
                return Optional.empty();
            });
            assertThat(loads.get()).isGreaterThan(1);
        });
    }

    @Test
    void absentTtlZeroMeansNotCached() {
        TieredCache cache = cache(Map.of("api.absent-ttl", "0s"));
        AtomicInteger loads = new AtomicInteger();
        CacheKey key = CacheKey.of(CacheNamespace.API, 1, "missing");
        for (int i = 0; i < 3; i++) {
            cache.get(key, String.class, () -> {
                loads.incrementAndGet();
                return Optional.empty();
            });
        }
        assertThat(loads).hasValue(3);
    }

    @Test
    void concurrentMissesRunTheLoaderOnce() throws Exception {
        TieredCache cache = cache();
        CacheKey key = CacheKey.of(CacheNamespace.DASHBOARD, 9, "summary");
        assertThat(TestCaches.loadsUnderConcurrentMisses(cache, key)).isEqualTo(1);
    }

    @Test
    void aFailingLoaderFailsItsWaitersAndCachesNothing() throws Exception {
        TieredCache cache = cache();
        CacheKey key = CacheKey.of(CacheNamespace.API, 1, "boom");
        CountDownLatch inLoader = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread owner = Thread.ofVirtual().start(() -> {
            try {
                cache.get(key, String.class, () -> {
                    inLoader.countDown();
                    waitFor(release);
                    throw new IllegalStateException("database down");
                });
            } catch (IllegalStateException expected) {
                // the owner sees it too
            }
        });
        inLoader.await(10, TimeUnit.SECONDS);
        var waiter = new FutureTask<>(
                () -> cache.get(key, String.class, () -> Optional.of("never runs while the flight is on")));
        Thread waiting = Thread.ofPlatform().daemon().start(waiter);
        // released only once the waiter is parked on the owner's flight
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.getState() == Thread.State.WAITING);
        release.countDown();
        owner.join();
        assertThatThrownBy(() -> waiter.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("database down");
        assertThat(cache.get(key, String.class, () -> Optional.of("later"))).contains("later");
        assertThat(cache.stats().namespaces().get(CacheNamespace.API).loadErrors())
                .isEqualTo(1);
    }

    @Test
    void anEvictionDuringALoadKeepsItsResultOutOfTheCache() throws Exception {
        TieredCache cache = cache();
        CacheKey key = CacheKey.of(CacheNamespace.AUTH, 1, "session");
        CountDownLatch inLoader = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        var loading = Executors.newVirtualThreadPerTaskExecutor()
                .submit(() -> cache.get(key, String.class, () -> {
                    inLoader.countDown();
                    waitFor(release);
                    return Optional.of("read before the logout committed");
                }));
        inLoader.await(10, TimeUnit.SECONDS);
        cache.evict(key);
        release.countDown();
        assertThat(loading.get(10, TimeUnit.SECONDS)).contains("read before the logout committed");
        assertThat(cache.getIfPresent(key, String.class)).isEmpty();
    }

    @Test
    void aLoaderReadingItsOwnKeyIsAnError() {
        TieredCache cache = cache();
        CacheKey key = CacheKey.of(CacheNamespace.API, 1, "self");
        assertThatThrownBy(() -> cache.get(key, String.class, () -> cache.get(key, String.class, Optional::empty)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("reads its own key");
    }

    @Test
    void putEvictAndClearPerOrganization() {
        TieredCache cache = cache();
        CacheKey a = CacheKey.of(CacheNamespace.API, 1, "list");
        CacheKey b = CacheKey.of(CacheNamespace.API, 2, "list");
        cache.put(a, "org 1");
        cache.put(b, "org 2");
        assertThat(cache.getIfPresent(a, String.class)).contains("org 1");
        assertThat(cache.getIfPresent(b, String.class)).contains("org 2");

        cache.clear(CacheNamespace.API, 1);
        assertThat(cache.getIfPresent(a, String.class)).isEmpty();
        assertThat(cache.getIfPresent(b, String.class)).contains("org 2");

        cache.evict(b);
        assertThat(cache.getIfPresent(b, String.class)).isEmpty();

        cache.putAbsent(a);
        AtomicInteger loads = new AtomicInteger();
        assertThat(cache.get(a, String.class, () -> Optional.of("x" + loads.incrementAndGet())))
                .isEmpty();
        assertThat(loads).hasValue(0);
    }

    @Test
    void genericValues() {
        TieredCache cache = cache();
        CacheKey key = CacheKey.of(CacheNamespace.API, 1, "page");
        List<Customer> page = List.of(new Customer(1, "A"), new Customer(2, "B"));
        Optional<List<Customer>> got =
                cache.get(key, new tools.jackson.core.type.TypeReference<List<Customer>>() {}, () -> Optional.of(page));
        assertThat(got).contains(page);
    }

    @Test
    void theLocalTierIsBounded() {
        TieredCache cache = cache(Map.of("api.local-max-entries", "10"));
        for (int i = 0; i < 200; i++) {
            cache.put(CacheKey.of(CacheNamespace.API, 1, i), "v" + i);
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(cache.stats()
                                .namespaces()
                                .get(CacheNamespace.API)
                                .localSize())
                        .isLessThanOrEqualTo(10));
        assertThat(cache.stats().namespaces().get(CacheNamespace.API).evictions())
                .isGreaterThanOrEqualTo(190);
    }

    @Test
    void disabledCacheAlwaysLoads() {
        TieredCache cache = cache(Map.of("enabled", "false"));
        AtomicInteger loads = new AtomicInteger();
        CacheKey key = CacheKey.of(CacheNamespace.API, 1, "x");
        try (TieredCache.RequestScope scope = cache.openRequestScope()) {
            for (int i = 0; i < 3; i++) {
                cache.get(key, Integer.class, () -> Optional.of(loads.incrementAndGet()));
            }
        }
        cache.put(key, 99);
        assertThat(cache.getIfPresent(key, Integer.class)).isEmpty();
        assertThat(loads).hasValue(3);
    }

    @Test
    void metersAndStatsReset() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        TieredCache cache =
                new TieredCache(TestCaches.properties(Map.of()), TestCaches.JSON, registry, TestCaches.MAC_KEY);
        engines.add(cache);
        CacheKey key = CacheKey.of(CacheNamespace.DASHBOARD, 1, "summary");
        cache.get(key, String.class, () -> Optional.of("v"));
        cache.get(key, String.class, () -> Optional.of("v"));

        assertThat(registry.get("brisk.cache.gets")
                        .tags("namespace", "dashboard", "tier", "local", "result", "hit")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("brisk.cache.loads")
                        .tags("namespace", "dashboard")
                        .timer()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("brisk.cache.breaker.state")
                        .tags("state", "none")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(registry.get("brisk.cache.redis.up").gauge().value()).isZero();
        assertThat(registry.find("brisk.cache.errors")
                        .tags("namespace", "auth", "tier", "redis")
                        .functionCounter())
                .isNotNull();
        assertThat(registry.find("brisk.cache.evictions")
                        .tags("namespace", "api", "cause", "remote")
                        .functionCounter())
                .isNotNull();

        cache.resetStats();
        assertThat(cache.stats().namespaces().get(CacheNamespace.DASHBOARD).requests())
                .isZero();
        assertThat(registry.get("brisk.cache.gets")
                        .tags("namespace", "dashboard", "tier", "local", "result", "hit")
                        .functionCounter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void healthWithoutRedisIsDisabled() {
        Health health = new CacheHealthIndicator(cache()).health();
        assertThat(health.getStatus().getCode()).isEqualTo("DISABLED");
        assertThat(health.getDetails()).containsEntry("redis", "not configured").containsEntry("breaker", "NONE");
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
