package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.RedisProcess;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A Redis that evicts (small {@code maxmemory}, {@code allkeys-lru}) filled past its limit: the
 * generation that guarded an old entry is evicted while the entry stays. A node that starts then
 * must not take the missing generation for "never changed" and serve the old entry; its health
 * says that Redis may evict. The same late node on a Redis that cannot evict trusts a missing key.
 */
class GenerationsEvictionIntegrationTest {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    static final long ROW = 42;

    @Test
    void aGenerationEvictedUnderMemoryPressureNeverRevivesTheEntriesItGuarded() throws InterruptedException {
        try (RedisProcess redis = RedisProcess.started(
                        "--maxmemory", "3mb", "--maxmemory-policy", "allkeys-lru", "--maxmemory-samples", "64");
                TieredCache cacheA = TestCaches.node(redis)) {
            await().atMost(PATIENCE).until(() -> cacheA.redisStatus() == RedisStatus.UP);
            Generations a = new Generations(cacheA);
            // an epoch read Redis did not answer in time (a loaded machine) is asked again: wait until one is shared
            await().atMost(PATIENCE)
                    .until(() -> a.ofRow(CacheNamespace.API, 7, "customers", ROW) != null
                            && redis.command("GET gen:api:epoch") != null);
            String before = a.ofRow(CacheNamespace.API, 7, "customers", ROW);
            CacheKey old = CacheKey.of(CacheNamespace.API, 7, before, "/api/customers/42");
            cacheA.put(old, "name before the change");
            a.advanceRow(CacheNamespace.API, "customers", ROW, 41);
            String after = a.ofRow(CacheNamespace.API, 7, "customers", ROW);
            assertThat(after).isNotEqualTo(before);
            String generation = "gen:api:row:customers:" + ROW;
            await().atMost(PATIENCE).until(() -> ":1".equals(redis.command("EXISTS " + generation)));

            // fill Redis past maxmemory until LRU took the row's version
            String oldKey = old.render();
            await().atMost(PATIENCE).until(() -> ":1".equals(redis.command("EXISTS " + oldKey)));
            await().atMost(PATIENCE).until(() -> redis.command("GET gen:api:epoch") != null);
            String epoch = redis.command("GET gen:api:epoch");
            byte[] epochBytes = redis.getBytes("gen:api:epoch");
            // Redis's LRU clock ticks once a second: let the version age, then use the epoch and the
            // entry (as other nodes would keep doing), so the version is the coldest key
            Thread.sleep(1_500);
            redis.command("GET gen:api:epoch");
            redis.command("GET " + oldKey);
            String filler = "x".repeat(50_000); // few keys: with 64 samples the LRU is all but exact
            for (int i = 0; i < 5_000 && !":0".equals(redis.command("EXISTS " + generation)); i++) {
                redis.command("SET fill:" + i + " " + filler);
                if (i % 10 == 0) {
                    // a slow (loaded) fill must not age the epoch and the entry to the version's idle time
                    redis.command("GET gen:api:epoch");
                    redis.command("GET " + oldKey);
                }
            }
            assertThat(redis.command("EXISTS " + generation))
                    .as("the generation was evicted")
                    .isEqualTo(":0");
            assertThat(redis.info("evicted_keys")).isPositive();
            // Redis's LRU is approximate (sampled): the entry may have gone with it. Other nodes would
            // keep it alive; put it back to reach that state for sure.
            if (":0".equals(redis.command("EXISTS " + oldKey))) {
                cacheA.put(old, "name before the change");
                await().atMost(PATIENCE).until(() -> ":1".equals(redis.command("EXISTS " + oldKey)));
            }
            // the same for the epoch (other nodes read it on every lookup), byte for byte
            if (redis.command("GET gen:api:epoch") == null) {
                redis.setBytes("gen:api:epoch", epochBytes, Duration.ofHours(1).toMillis());
            }
            assertThat(redis.command("EXISTS " + generation)).isEqualTo(":0");
            assertThat(redis.command("EXISTS " + oldKey))
                    .as("the entry it guarded stayed")
                    .isEqualTo(":1");
            assertThat(redis.command("GET gen:api:epoch"))
                    .as("the epoch stayed")
                    .isEqualTo(epoch);

            try (TieredCache cacheB = TestCaches.node(redis)) {
                await().atMost(PATIENCE).until(() -> cacheB.redisStatus() == RedisStatus.UP);
                Generations late = new Generations(cacheB);
                String seen = late.ofRow(CacheNamespace.API, 7, "customers", ROW);
                assertThat(seen).isNotEqualTo(before);
                Optional<String> read = cacheB.getIfPresent(
                        CacheKey.of(CacheNamespace.API, 7, seen, "/api/customers/42"), String.class);
                assertThat(read).isEmpty();
                assertThat(late.ofRow(CacheNamespace.API, 7, "customers", ROW))
                        .as("its own token is stable")
                        .isEqualTo(seen);

                Map<String, Object> eviction = evictionDetails(cacheB, late);
                assertThat(eviction).containsEntry("maxmemoryPolicy", "allkeys-lru");
                assertThat(eviction.get("generations").toString()).startsWith("node-local");
            }
        }
    }

    @Test
    void onARedisThatCannotEvictAMissingGenerationMeansNeverChanged() {
        try (RedisProcess redis = RedisProcess.started("--maxmemory", "3mb", "--maxmemory-policy", "noeviction");
                TieredCache cache = TestCaches.node(redis)) {
            await().atMost(PATIENCE).until(() -> cache.redisStatus() == RedisStatus.UP);
            Generations generations = new Generations(cache);
            assertThat(generations.ofRow(CacheNamespace.API, 7, "customers", ROW))
                    .endsWith(".0.0.0");
            assertThat(evictionDetails(cache, generations)).containsEntry("generations", "shared");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> evictionDetails(TieredCache cache, Generations generations) {
        return (Map<String, Object>) new CacheHealthIndicator(cache, generations)
                .health()
                .getDetails()
                .get("eviction");
    }
}
