package dev.brisk.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.cache.CacheProperties;
import dev.brisk.support.RedisGroup;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The cluster connector against a real 3 + 3 Redis Cluster: the tier's commands across slots. */
class RedisConnectorClusterTest {

    @Test
    void theTiersCommandsWorkAcrossTheSlotsOfARealCluster() throws Exception {
        try (RedisGroup cluster = RedisGroup.cluster()) {
            CacheProperties.Redis settings = new CacheProperties.Redis(
                    null,
                    6379,
                    null,
                    0,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(1),
                    "brisk:test",
                    Duration.ZERO,
                    null,
                    List.of(),
                    List.of(cluster.nodes().split(",")),
                    Duration.ofSeconds(2));
            ClientResources resources = ClientResources.create();
            RedisConnector connector = RedisConnector.of(settings, resources);
            try {
                RedisAsyncCommands<String, byte[]> c =
                        connector.connect().get(30, TimeUnit.SECONDS).async();
                List<String> keys = List.of("api:1:a", "api:2:b", "api:3:c", "gen:api:{7}:orders", "gen:api:{7}:items");
                for (String key : keys) {
                    c.set(key, key.getBytes(), SetArgs.Builder.px(60_000)).get(5, TimeUnit.SECONDS);
                }
                assertThat(new String(c.get("api:2:b").get(5, TimeUnit.SECONDS)))
                        .isEqualTo("api:2:b");
                Set<String> scanned = new HashSet<>();
                ScanCursor cursor = ScanCursor.INITIAL;
                do {
                    var page = c.scan(cursor, ScanArgs.Builder.matches("api:*").limit(100))
                            .get(5, TimeUnit.SECONDS);
                    scanned.addAll(page.getKeys());
                    cursor = page;
                } while (!cursor.isFinished());
                assertThat(scanned)
                        .as("SCAN walks every master")
                        .containsExactlyInAnyOrder("api:1:a", "api:2:b", "api:3:c");
                assertThat(c.unlink(keys.toArray(String[]::new)).get(5, TimeUnit.SECONDS))
                        .as("UNLINK across slots")
                        .isEqualTo(5);
                assertThat(c.publish("brisk:test", new byte[] {1}).get(5, TimeUnit.SECONDS))
                        .isNotNull();
            } finally {
                connector.shutdown();
                resources.shutdown();
            }
        }
    }
}
