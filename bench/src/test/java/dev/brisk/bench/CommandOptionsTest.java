package dev.brisk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.bench.compare.CompareConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The commands share their option mixins, each command with its own defaults. */
class CommandOptionsTest {

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

    @Test
    void runAndCompareShareTheLoadOptionsWithTheirOwnDefaults() {
        var run = new RunCommand();
        new CommandLine(run).parseArgs();
        assertThat(run.load.users).isEqualTo(8);
        assertThat(run.load.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(run.load.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(run.load.coldRequests).isEqualTo(200);
        assertThat(run.load.killAt).isEqualTo(0.333);
        assertThat(run.load.startAt).isEqualTo(0.667);

        var compare = new CompareCommand();
        new CommandLine(compare).parseArgs("--users", "4", "--redis-kill-at", "0.5");
        assertThat(compare.load.users).isEqualTo(4);
        assertThat(compare.load.duration()).isEqualTo(Duration.ofSeconds(20));
        assertThat(compare.load.timeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(compare.load.killAt).isEqualTo(0.5);
    }
}
