package dev.brisk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code promtool check rules} and {@code promtool test rules} over ops/prometheus (Debian's
 * {@code prometheus} package). Without promtool the test is skipped, unless {@code BRISK_PROMETHEUS=required}
 * (CI), where it fails.
 */
class OpsRulesTest {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    static void requirePrometheus() {
        boolean present = Files.isExecutable(PROMTOOL) && Files.isExecutable(Path.of("/usr/bin/prometheus"));
        if ("required".equals(System.getenv("BRISK_PROMETHEUS"))) {
            assertThat(present)
                    .as("BRISK_PROMETHEUS=required but /usr/bin/promtool or prometheus is missing "
                            + "(apt-get install prometheus)")
                    .isTrue();
        }
        assumeTrue(present, "Prometheus is not installed (apt-get install prometheus)");
    }

    @Test
    void theRulesAreValid() throws Exception {
        requirePrometheus();
        String out = run(PROMTOOL.toString(), "check", "rules", OpsFiles.RULES.toString());
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        requirePrometheus();
        String out = run(PROMTOOL.toString(), "test", "rules", OpsFiles.RULE_TESTS.toString());
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void everyAlertHasAUnitTest() throws IOException {
        String rules = Files.readString(OpsFiles.RULES);
        String tests = Files.readString(OpsFiles.RULE_TESTS);
        List<String> alerts = rules.lines()
                .map(String::strip)
                .filter(l -> l.startsWith("- alert:"))
                .map(l -> l.substring("- alert:".length()).strip())
                .toList();
        assertThat(alerts)
                .hasSizeGreaterThanOrEqualTo(11)
                .allSatisfy(alert -> assertThat(tests).contains("alertname: " + alert));
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command)
                .directory(OpsFiles.RULES.getParent().toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(process.waitFor(300, TimeUnit.SECONDS))
                .as("promtool finished (the machine may be loaded)")
                .isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }
}
