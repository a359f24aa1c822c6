package dev.brisk.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.bench.compare.Children;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scale run's Sentinel group on real redis-servers: a killed master is replaced and comes back as a replica. */
class SentinelGroupTest {

    private static final String REDIS = "/usr/bin/redis-server";

    @TempDir
    Path dir;

    @Test
    void aKilledMasterIsReplacedAndRestartsAsAReplica() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(REDIS)), "no " + REDIS);
        try (Children children = new Children();
                SentinelGroup redis = SentinelGroup.start(REDIS, dir, children)) {
            assertThat(redis.sentinelNodes().split(",")).hasSize(3);
            int master = redis.sentinelMaster();
            assertThat(redis.cli(master, "ROLE")).startsWith("master");

            assertThat(redis.killMaster()).isEqualTo(master);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!redis.failedOver() && System.nanoTime() < deadline) {
                Pause.ms(200);
            }
            assertThat(redis.failedOver()).as("a new master within 60 s").isTrue();
            int promoted = redis.sentinelMaster();
            assertThat(promoted).isNotEqualTo(master);

            redis.restartKilled();
            assertThat(redis.cli(master, "ROLE")).startsWith("slave");
        }
    }
}
