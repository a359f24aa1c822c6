package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.stalecheck.CheckConfig;
import dev.brisk.stalecheck.StaleReadChecker;
import dev.brisk.stalecheck.StaleReadReport;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Node;
import dev.brisk.support.TestDatabase;
import dev.brisk.support.TwoNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stale-read checker (module stale-check, the same one {@code brisk-bench stale-read} runs)
 * against two nodes in this JVM, the test database and a private Redis it kills and restarts.
 *
 * <p>Not part of the test suite (its name matches no test pattern): run it by hand with
 * {@code mvn -B test -pl server -Dtest=StaleReadCheck [-Dstale.seconds=60]}; it prints a
 * Markdown report and writes it to target/stale-read-check.md. It asserts only that the writer
 * never read its own write stale, never how long anything took.
 */
@BriskIntegrationTest
class StaleReadCheck {

    @RegisterExtension
    static final TwoNodes nodes = new TwoNodes();

    @Test
    void writersNeverReadTheirOwnWritesStaleAndOthersOnlyBriefly() throws Exception {
        CheckConfig config = CheckConfig.of(
                        nodes.both().stream().map(Node::baseUrl).toList(),
                        TestDatabase.jdbcUrl(),
                        "postgres",
                        "",
                        new CheckConfig.RedisFaults() {
                            @Override
                            public void kill() {
                                nodes.redis().kill();
                            }

                            @Override
                            public void start() {
                                nodes.redis().start();
                            }
                        })
                .withDuration(Duration.ofSeconds(Long.getLong("stale.seconds", 60)))
                .withLog(System.out);
        StaleReadReport report = new StaleReadChecker(config).run();
        System.out.println(report.markdown());
        Path out = Path.of("target", "stale-read-check.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.markdown());
        assertThat(report.ownStale()).as("the writer's own stale reads").isEmpty();
    }
}
