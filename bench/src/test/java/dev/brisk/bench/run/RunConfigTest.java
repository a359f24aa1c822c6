package dev.brisk.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** withTarget and withHooks change what they name and carry every other setting over. */
class RunConfigTest {

    private static final RunConfig.Hooks HOOKS = new RunConfig.Hooks(() -> {}, () -> {}, 0.25, 0.5);

    /** Every setting away from its default, so a setting that is not carried over shows. */
    private static final RunConfig CONFIG = RunConfig.builder("http://localhost:1")
            .label("optimized")
            .scenarios(Scenario.WARM, Scenario.FLOOR)
            .users(3)
            .duration(Duration.ofSeconds(7))
            .warmup(Duration.ofSeconds(2))
            .rate(50)
            .coldRequests(11)
            .timeout(Duration.ofSeconds(9))
            .password("secret")
            .memberEmail("m%d@x.test")
            .adminEmail("op@x.test")
            .orgs(4)
            .sessions(6)
            .seed(99)
            .hooks(HOOKS)
            .resetMonitoring(false)
            .clearCacheForCold(false)
            .idempotencyKeys(true)
            .mix(Map.of())
            .log(new PrintStream(PrintStream.nullOutputStream()))
            .build();

    @Test
    void withTargetChangesOnlyTheServerAndLabel() {
        RunConfig other = CONFIG.withTarget("http://localhost:2", "baseline");
        assertThat(other.baseUrl()).isEqualTo("http://localhost:2");
        assertThat(other.label()).isEqualTo("baseline");
        assertThat(other.withTarget(CONFIG.baseUrl(), CONFIG.label())).isEqualTo(CONFIG);
    }

    @Test
    void withHooksChangesOnlyTheHooks() {
        RunConfig other = CONFIG.withHooks(RunConfig.Hooks.NONE);
        assertThat(other.hooks()).isEqualTo(RunConfig.Hooks.NONE);
        assertThat(other.withHooks(HOOKS)).isEqualTo(CONFIG);
    }
}
