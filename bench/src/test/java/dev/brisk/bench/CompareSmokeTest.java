package dev.brisk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.brisk.bench.compare.Charts;
import dev.brisk.bench.compare.Compare;
import dev.brisk.bench.compare.CompareConfig;
import dev.brisk.bench.compare.CompareReport;
import dev.brisk.bench.compare.CompareResult;
import dev.brisk.bench.compare.ServerLogFindings;
import dev.brisk.bench.run.Results;
import dev.brisk.datagen.Size;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code compare} end to end against the real server: size TINY, about two seconds per scenario,
 * both modes, the report and charts written to {@code target/compare-smoke/} (never to docs/).
 *
 * <p>It needs Brisk's exec jar and {@code /usr/bin/redis-server}. {@code mvn -B verify} packages
 * the server before the bench module's tests run; {@code mvn test} alone does not (then build it
 * with {@code mvn -q -B -DskipTests package -pl server -am}). Without them, or with a jar older
 * than the server's sources, the test is skipped, unless {@code BRISK_COMPARE_SMOKE=required}
 * (set by .ci/run), which turns a skip into a failure. PostgreSQL: the local one on
 * localhost:5432, BRISK_BENCH_TEST_JDBC, or an embedded one.
 */
class CompareSmokeTest {

    private static final boolean REQUIRED = "required".equalsIgnoreCase(System.getenv("BRISK_COMPARE_SMOKE"));
    private static final Path OUT = Path.of("target", "compare-smoke");
    private static final Path DOCS = Path.of("..", "docs", "performance.md");

    private static EmbeddedPostgres embedded;
    private static CompareResult result;
    private static Path report;
    private static String docsBefore;
    private static FileTime docsModified;
    private static final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void compare() throws Exception {
        Path jar = serverJar();
        need(jar != null, "no ../server/target/brisk-server-*-exec.jar (mvn -q -B -DskipTests package -pl server -am)");
        need(!olderThanSources(jar), jar + " is older than server/src/main: package the server again");
        need(Files.isExecutable(Path.of("/usr/bin/redis-server")), "no /usr/bin/redis-server");

        String server = System.getenv().getOrDefault("BRISK_BENCH_TEST_JDBC", "jdbc:postgresql://localhost:5432/");
        if (!reachable(server + "postgres")) {
            embedded = EmbeddedPostgres.builder().start();
            server = "jdbc:postgresql://localhost:" + embedded.getPort() + "/";
        }
        if (Files.exists(DOCS)) {
            docsBefore = Files.readString(DOCS);
            docsModified = Files.getLastModifiedTime(DOCS);
        }
        report = OUT.resolve("performance.md");
        Files.deleteIfExists(report);
        CompareConfig config = new CompareConfig(
                server,
                "postgres",
                null,
                "brisk_compare_smoke_" + ProcessHandle.current().pid(),
                Size.TINY,
                42,
                null,
                false,
                jar,
                NodeOptions.currentJava(),
                // smoke only: start fast (C1 only, small heap); the real run uses CompareConfig.DEFAULT_JVM_ARGS
                List.of(
                        "-Xms256m",
                        "-Xmx512m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-XX:+ExitOnOutOfMemoryError"),
                "/usr/bin/redis-server",
                CompareConfig.DEFAULT_SCENARIOS,
                2,
                Duration.ofSeconds(2),
                Duration.ofMillis(500),
                40,
                Duration.ofSeconds(20),
                Duration.ofSeconds(1),
                50,
                Duration.ofSeconds(3),
                0.25,
                0.5,
                OUT.resolve("out"),
                report,
                OUT,
                Duration.ofMinutes(3),
                true,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            result = new Compare(config).run();
        } finally {
            System.out.println(log.toString(StandardCharsets.UTF_8));
        }
        result.write(OUT.resolve("out").resolve("compare.json"));
        result = result.withNotes(ServerLogFindings.of(OUT.resolve("out")));
        List<String> charts = Charts.write(result, OUT);
        CompareReport.write(result, report, OUT, charts);
    }

    @AfterAll
    static void stop() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    @Test
    void everyScenarioRanOnBothServersWithoutErrors() {
        assertThat(result.settings().scenarios())
                .containsExactly("cold", "warm", "high-load", "cache-miss", "redis-down", "dashboard", "floor");
        for (String mode : List.of("baseline", "optimized")) {
            Results.Run run = mode.equals("baseline") ? result.baseline() : result.optimized();
            assertThat(run.label()).isEqualTo(mode);
            assertThat(run.scenarios())
                    .extracting(Results.Scenario::scenario)
                    .containsExactlyElementsOf(result.settings().scenarios());
            for (Results.Scenario s : run.scenarios()) {
                assertThat(s.requests()).as(mode + " " + s.scenario()).isPositive();
                assertThat(s.errors())
                        .as(mode + " " + s.scenario() + " " + s.errorKinds())
                        .isZero();
                assertThat(s.monitoring().status())
                        .as(mode + " " + s.scenario() + " monitoring")
                        .isEqualTo(200);
                assertThat(s.statements().responses())
                        .as("Server-Timing on " + mode + " " + s.scenario())
                        .isPositive();
            }
        }
        // alternating: each scenario once per mode, and the first mode alternates
        assertThat(result.runs()).hasSize(14);
        assertThat(result.runs().get(0).mode()).isEqualTo("baseline");
        assertThat(result.runs().get(2).mode()).isEqualTo("optimized");
    }

    @Test
    void serversAndDatabasesAreTheModesTheyClaim() {
        assertThat(result.servers().baselineCommand()).contains("--brisk.mode=baseline");
        assertThat(result.servers().optimizedCommand())
                .contains("--brisk.mode=optimized")
                .anyMatch(a -> a.startsWith("--brisk.cache.redis.port="));
        // started once, restarted for cold
        assertThat(result.servers().baselineStartSeconds()).hasSize(2);
        assertThat(result.servers().optimizedStartSeconds()).hasSize(2);
        assertThat(result.data().baselineMigrations()).noneMatch(m -> m.startsWith("V1") && m.matches("V1\\d\\d .*"));
        assertThat(result.data().optimizedMigrations()).anyMatch(m -> m.startsWith("V100 "));
        assertThat(result.data().baselineViews()).isEmpty();
        assertThat(result.data().optimizedViews()).contains("dashboard_summary");
        assertThat(result.data().rows())
                .containsEntry("orders", (long) Size.TINY.orders()); // 6 500: TINY is the demo's size
    }

    @Test
    void optimizedServesFromTheCacheAndBaselineDoesNot() {
        Results.Scenario warm = result.scenario("optimized", "warm");
        assertThat(warm.cacheHitRatios()).containsKey("auth");
        assertThat(warm.byCache()).containsKey("hit");
        assertThat(warm.byCache().get("hit").statementsMean()).isZero();
        Results.Scenario dashboard = result.scenario("optimized", "dashboard");
        assertThat(dashboard.statements().mean()).isZero();
        for (Results.Scenario s : result.baseline().scenarios()) {
            assertThat(s.cache()).as("baseline " + s.scenario()).containsOnlyKeys("none");
        }
        Results.Scenario cold = result.scenario("optimized", "cold");
        assertThat(cold.firstRequests()).isNotEmpty();
        assertThat(cold.byCache()).containsKey("miss"); // a fresh server and an empty Redis
    }

    @Test
    void dashboardAloneReadsTheViewsWhenTheCacheIsCleared() {
        assertThat(result.dashboardAlone())
                .extracting(CompareResult.DashboardAlone::mode)
                .containsExactly("optimized", "baseline");
        CompareResult.DashboardAlone optimized = result.dashboardAlone().get(0);
        assertThat(optimized.orgs()).isNotEmpty();
        assertThat(optimized.uncachedCache()).allSatisfy(c -> assertThat(c).contains("dashboard=miss"));
        assertThat(optimized.cachedServer()).hasSameSizeAs(optimized.uncachedServer());
        assertThat(result.dashboardAlone().get(1).uncachedServer()).isNotEmpty();
    }

    @Test
    void redisWasKilledAndCameBackWithoutAFailedRequest() {
        Results.Scenario down = result.scenario("optimized", "redis-down");
        assertThat(down.hooks()).extracting(Results.HookEvent::name).containsExactly("redis-kill", "redis-start");
        assertThat(down.hooks()).allMatch(Results.HookEvent::ok);
        assertThat(down.errors()).isZero();
        assertThat(result.redisOutage()).isNotNull();
        assertThat(result.redisOutage().upAfterStartSeconds()).isNotNull();
        Results.Scenario baseline = result.scenario("baseline", "redis-down");
        assertThat(baseline.hooks()).isEmpty();
        assertThat(baseline.notes()).anyMatch(n -> n.contains("baseline has no Redis"));
    }

    @Test
    void reportAndChartsAreWrittenUnderTargetNeverDocs() throws IOException {
        String md = Files.readString(report);
        assertThat(md)
                .contains(
                        CompareReport.BEGIN,
                        CompareReport.END,
                        "### Per scenario",
                        "### The seed's before / after",
                        "### Targets (DESIGN.md",
                        "| high-load | baseline |",
                        "optimized ÷ baseline",
                        "performance-latency.png",
                        "### Redis unavailable",
                        "### Deep cursor",
                        "### Dashboard, one user alone");
        for (String png :
                List.of("performance-latency.png", "performance-throughput.png", "performance-redis-down.png")) {
            BufferedImage image = ImageIO.read(OUT.resolve(png).toFile());
            assertThat(image).as(png).isNotNull();
            assertThat(image.getWidth()).isGreaterThan(1000);
        }
        if (docsBefore != null) {
            assertThat(Files.readString(DOCS)).isEqualTo(docsBefore);
            assertThat(Files.getLastModifiedTime(DOCS)).isEqualTo(docsModified);
        }
    }

    @Test
    void noChildIsLeftRunning() {
        List<ProcessHandle> children = ProcessHandle.current()
                .descendants()
                .filter(p -> p.info()
                        .command()
                        .map(c -> c.endsWith("java") || c.contains("redis-server"))
                        .orElse(false))
                .toList();
        assertThat(children).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------

    private static void need(boolean condition, String why) {
        if (!condition && REQUIRED) {
            throw new IllegalStateException("BRISK_COMPARE_SMOKE=required, but " + why);
        }
        assumeTrue(condition, why);
    }

    static Path serverJar() throws IOException {
        Path dir = Path.of("..", "server", "target");
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("brisk-server-.*-exec\\.jar"))
                    .findFirst()
                    .orElse(null);
        }
    }

    private static boolean olderThanSources(Path jar) throws IOException {
        Path sources = Path.of("..", "server", "src", "main");
        FileTime built = Files.getLastModifiedTime(jar);
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(Files::isRegularFile).anyMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).compareTo(built) > 0;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    private static boolean reachable(String jdbcUrl) {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("connectTimeout", "3");
        try (Connection c = DriverManager.getConnection(jdbcUrl, p);
                ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            return rs.next();
        } catch (SQLException e) {
            return false;
        }
    }
}
