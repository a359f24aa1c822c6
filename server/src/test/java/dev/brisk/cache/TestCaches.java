package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.RedisProcess;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Engines for tests, built from {@code brisk.cache.*} properties with the real defaults. */
final class TestCaches {

    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    static final byte[] MAC_KEY = "test-redis-mac-key-of-this-suite".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private TestCaches() {}

    /** Binds {@code brisk.cache.*}; keys may be given without the prefix. */
    static CacheProperties properties(Map<String, String> settings) {
        Map<String, String> full = new HashMap<>();
        settings.forEach((k, v) -> full.put(k.startsWith("brisk.cache.") ? k : "brisk.cache." + k, v));
        return new Binder(new MapConfigurationPropertySource(full)).bindOrCreate("brisk.cache", CacheProperties.class);
    }

    static TieredCache memoryOnly(Map<String, String> settings) {
        return new TieredCache(properties(settings), JSON, new SimpleMeterRegistry(), MAC_KEY);
    }

    /** A node on {@code redis}, with a quick breaker so failure tests do not wait long. */
    static TieredCache node(RedisProcess redis, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put("redis.host", "127.0.0.1");
        all.put("redis.port", Integer.toString(redis.port()));
        all.put("breaker.wait-in-open-state", "500ms");
        all.putAll(settings);
        return new TieredCache(properties(all), JSON, new SimpleMeterRegistry(), MAC_KEY);
    }

    static TieredCache node(RedisProcess redis) {
        return node(redis, Map.of());
    }

    /**
     * 32 threads miss on {@code key} at once, each with a loader that takes 300 ms; every one must
     * get the loaded value. Returns how many times a loader ran (single flight: once).
     */
    static int loadsUnderConcurrentMisses(TieredCache cache, CacheKey key) throws Exception {
        AtomicInteger loads = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Optional<String>>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return cache.get(key, String.class, () -> {
                        loads.incrementAndGet();
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return Optional.of("kpis");
                    });
                }));
            }
            start.countDown();
            for (Future<Optional<String>> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS)).contains("kpis");
            }
        } finally {
            pool.shutdownNow();
        }
        return loads.get();
    }
}
