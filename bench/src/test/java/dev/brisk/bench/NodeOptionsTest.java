package dev.brisk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.bench.compare.CompareConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** compare and scale share one set of node options, each with its own default JVM flags. */
class NodeOptionsTest {

    @Test
    void eachCommandKeepsItsDefaultJvmArgsUntilTheyAreGiven() {
        var compare = new CompareCommand();
        new CommandLine(compare).parseArgs();
        assertThat(compare.nodes.jvmArgs()).isEqualTo(CompareConfig.DEFAULT_JVM_ARGS);
        assertThat(compare.nodes.redisServer).isEqualTo("/usr/bin/redis-server");

        var scale = new ScaleCommand();
        new CommandLine(scale).parseArgs();
        assertThat(scale.nodes.jvmArgs()).isEqualTo(ScaleCommand.JVM_ARGS);

        var given = new ScaleCommand();
        new CommandLine(given).parseArgs("--jvm-args", " -Xmx2g  -XX:+UseSerialGC ", "--java", "/opt/java");
        assertThat(given.nodes.jvmArgs()).containsExactly("-Xmx2g", "-XX:+UseSerialGC");
        assertThat(given.nodes.java()).isEqualTo("/opt/java");
    }
}
