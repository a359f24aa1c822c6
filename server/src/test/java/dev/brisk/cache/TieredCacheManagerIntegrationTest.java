package dev.brisk.cache;

import dev.brisk.support.RedisProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** {@code @Cacheable} through {@link TieredCacheManager}: two Spring contexts act as two nodes on one Redis. */
class TieredCacheManagerIntegrationTest {

    record Product(long id, String name, long price) {}

    record Summary(long orgId, long customers) {}

    /** A service as a business module would write it. */
    public static class Catalog {
        private final AtomicInteger calls = new AtomicInteger();

        /** How often a method body ran (a method, not the field: callers hold the caching proxy). */
        public int calls() {
            return calls.get();
        }

        @Cacheable("api:products")
        public Product product(long id) {
            calls.incrementAndGet();
            return id == 0 ? null : new Product(id, "P" + id, 100 * id);
        }

        @Cacheable(cacheNames = "dashboard",
                key = "T(dev.brisk.cache.CacheKey).of(T(dev.brisk.cache.CacheNamespace).DASHBOARD, #orgId, 'summary')")
        public Summary summary(long orgId) {
            calls.incrementAndGet();
            return new Summary(orgId, orgId * 10);
        }

        @Cacheable(cacheNames = "api:slow", sync = true)
        public Product slow(long id) {
            calls.incrementAndGet();
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Product(id, "slow", 1);
        }

        @CacheEvict("api:products")
        public void changed(long id) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Node {
        @Bean
        CacheManager cacheManager(TieredCache cache) {
            return new TieredCacheManager(cache);
        }

        @Bean
        Catalog catalog() {
            return new Catalog();
        }
    }

    @RegisterExtension
    static final RedisProcess redis = RedisProcess.forTestClass();

    private final List<AnnotationConfigApplicationContext> contexts = new ArrayList<>();

    @AfterEach
    void closeContexts() {
        contexts.forEach(AnnotationConfigApplicationContext::close);
    }

    private AnnotationConfigApplicationContext node() {
        AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
        context.registerBean(TieredCache.class, () -> TestCaches.node(redis, Map.of()), bd -> bd.setDestroyMethodName("close"));
        context.register(Node.class);
        context.refresh();
        contexts.add(context);
        TieredCache cache = context.getBean(TieredCache.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> cache.redisStatus() == RedisStatus.UP && cache.redisTier().subscribed());
        return context;
    }

    @Test
    void cacheableReadsGoThroughEveryTierOnEveryNode() {
        var a = node();
        var b = node();
        Catalog onA = a.getBean(Catalog.class);
        Catalog onB = b.getBean(Catalog.class);

        assertThat(onA.product(1)).isEqualTo(new Product(1, "P1", 100));
        assertThat(onA.product(1)).isEqualTo(new Product(1, "P1", 100));
        assertThat(onA.calls()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.command("KEYS api:-:*").contains("api:-:"));

        assertThat(onB.product(1)).isEqualTo(new Product(1, "P1", 100)); // from Redis, typed by the entry
        assertThat(onB.calls()).isEqualTo(0);
        CacheStats.Namespace api = b.getBean(TieredCache.class).stats().namespaces().get(CacheNamespace.API);
        assertThat(api.tiers().get(CacheStats.Tier.REDIS).hits()).isEqualTo(1);

        onA.changed(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            onB.product(1);
            return onB.calls() == 1;
        });
    }

    @Test
    void nullIsCachedAsAbsent() {
        Catalog catalog = node().getBean(Catalog.class);
        assertThat(catalog.product(0)).isNull();
        assertThat(catalog.product(0)).isNull();
        assertThat(catalog.calls()).isEqualTo(1);
    }

    @Test
    void orgSpecificKeysCarryTheOrg() {
        Catalog catalog = node().getBean(Catalog.class);
        assertThat(catalog.summary(1)).isEqualTo(new Summary(1, 10));
        assertThat(catalog.summary(2)).isEqualTo(new Summary(2, 20));
        assertThat(catalog.summary(1)).isEqualTo(new Summary(1, 10));
        assertThat(catalog.calls()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                redis.command("KEYS dashboard:1:*").startsWith("dashboard:1:") && redis.command("KEYS dashboard:2:*").startsWith("dashboard:2:"));
    }

    @Test
    void syncCacheableIsSingleFlight() throws Exception {
        Catalog catalog = node().getBean(Catalog.class);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Product>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return catalog.slow(5);
                }));
            }
            start.countDown();
            for (Future<Product> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(new Product(5, "slow", 1));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(catalog.calls()).isEqualTo(1);
    }

    @Test
    void namesMustStartWithANamespace() {
        CacheManager manager = node().getBean(CacheManager.class);
        assertThat(manager.getCache("auth")).isNotNull();
        assertThat(manager.getCache("api:anything")).isNotNull();
        assertThat(manager.getCache("products")).isNull();
        assertThat(manager.getCacheNames()).contains("auth", "dashboard", "api");
    }
}
