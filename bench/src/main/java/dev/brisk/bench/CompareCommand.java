package dev.brisk.bench;

import dev.brisk.bench.compare.Charts;
import dev.brisk.bench.compare.Compare;
import dev.brisk.bench.compare.CompareConfig;
import dev.brisk.bench.compare.CompareReport;
import dev.brisk.bench.compare.CompareResult;
import dev.brisk.bench.compare.ServerLogFindings;
import dev.brisk.bench.run.Scenario;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = {
            "Baseline vs optimized in one run: generate (or --reuse) one data set, clone it per mode, start Brisk "
                    + "twice from the exec jar (--brisk.mode=baseline; optimized with a redis-server of its own), run the "
                    + "scenarios on both alternating, stop everything, and write the JSON result, the generated section of "
                    + "the markdown report and PNG charts.",
            "Databases: <database> holds the data set (never served), <database>_baseline and <database>_optimized "
                    + "are its clones; all three are kept for --reuse unless --drop-databases."
        })
final class CompareCommand implements Callable<Integer> {

    @Mixin
    DataSetOptions data = new DataSetOptions();

    @Mixin
    DatabaseLogin login = new DatabaseLogin();

    @Option(names = "--reuse", description = "keep the data set already in --database (must be the same size and seed)")
    boolean reuse;

    @Option(
            names = "--jdbc-server",
            defaultValue = "jdbc:postgresql://localhost:5432/",
            description = "PostgreSQL server, no database (default ${DEFAULT-VALUE})")
    String jdbcServer;

    @Option(
            names = "--database",
            defaultValue = "brisk_compare",
            description =
                    "data set database; the modes get <name>_baseline and <name>_optimized (default ${DEFAULT-VALUE})")
    String database;

    @Option(names = "--drop-databases", description = "drop the three databases at the end")
    boolean dropDatabases;

    @Mixin
    NodeOptions nodes = new NodeOptions(CompareConfig.DEFAULT_JVM_ARGS);

    @Mixin
    LoadOptions load = new LoadOptions(16, "20s", "120s");

    @Option(
            names = "--scenario",
            split = ",",
            description =
                    "default cold,warm,high-load,cache-miss,redis-down,dashboard,floor (modes alternate per scenario)")
    List<String> scenarios;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            description = "unrecorded load before each scenario but cold (default ${DEFAULT-VALUE})")
    String warmup;

    @Option(
            names = "--deep-cursor",
            defaultValue = "30s",
            description = "time limit of the deep cursor walk per mode; 0 = none (default ${DEFAULT-VALUE})")
    String deepCursor;

    @Option(names = "--deep-cursor-pages", defaultValue = "1000", description = "default ${DEFAULT-VALUE}")
    int deepCursorPages;

    @Option(
            names = "--dashboard-alone",
            defaultValue = "60s",
            description = "time limit of the one-user dashboard probe per mode; 0 = none (default ${DEFAULT-VALUE})")
    String dashboardAlone;

    @Option(names = "--start-timeout", defaultValue = "5m", description = "per server start (default ${DEFAULT-VALUE})")
    String startTimeout;

    @Option(names = "--out-dir", description = "JSON result and logs (default target/compare/<time>)")
    Path outDir;

    @Option(
            names = "--report",
            defaultValue = "docs/performance.md",
            description = "markdown file whose compare section is (re)written (default ${DEFAULT-VALUE})")
    Path report;

    @Option(names = "--charts-dir", description = "PNG charts (default: the report's directory)")
    Path chartsDir;

    @Option(names = "--from-json", description = "write the report and charts from a saved compare.json; runs nothing")
    Path fromJson;

    @Override
    public Integer call() throws Exception {
        Path charts = chartsDir != null ? chartsDir : report.toAbsolutePath().getParent();
        CompareResult result;
        Path logs;
        if (fromJson != null) {
            logs = fromJson.toAbsolutePath().getParent();
            result = CompareResult.read(fromJson).withoutNotes(ServerLogFindings::isFinding);
        } else {
            Path out = outDir != null
                    ? outDir
                    : Path.of(
                            "target",
                            "compare",
                            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
            CompareConfig config = new CompareConfig(
                    jdbcServer,
                    login.user,
                    login.password,
                    database,
                    data.size(),
                    data.seed,
                    data.asOf(),
                    reuse,
                    nodes.serverJar(),
                    nodes.java(),
                    nodes.jvmArgs(),
                    nodes.redisServer,
                    scenarios(),
                    load.users,
                    load.duration(),
                    RunCommand.parseDuration(warmup),
                    load.coldRequests,
                    load.timeout(),
                    RunCommand.parseDuration(deepCursor),
                    deepCursorPages,
                    RunCommand.parseDuration(dashboardAlone),
                    load.killAt,
                    load.startAt,
                    out,
                    report,
                    charts,
                    RunCommand.parseDuration(startTimeout),
                    dropDatabases,
                    System.err);
            result = new Compare(config).run();
            Path json = out.resolve("compare.json");
            result.write(json);
            System.out.println("result: " + json.toAbsolutePath());
            logs = out;
        }
        // from the server logs beside the JSON, each time: they may be read better than last time
        result = result.withNotes(ServerLogFindings.of(logs));
        List<String> written = Charts.write(result, charts);
        CompareReport.write(result, report, charts, written);
        System.out.println("report: " + report.toAbsolutePath() + " (charts: " + String.join(", ", written) + " in "
                + charts.toAbsolutePath() + ")");
        CompareReportSummary.print(result, System.out);
        return 0;
    }

    private List<Scenario> scenarios() {
        if (scenarios == null || scenarios.isEmpty()) {
            return CompareConfig.DEFAULT_SCENARIOS;
        }
        List<Scenario> list = new ArrayList<>();
        for (String s : scenarios) {
            if (s.equalsIgnoreCase("all")) {
                list.addAll(CompareConfig.DEFAULT_SCENARIOS);
            } else {
                list.add(Scenario.of(s));
            }
        }
        return list;
    }

    /** The one-line-per-scenario summary on stdout. */
    static final class CompareReportSummary {
        static void print(CompareResult r, java.io.PrintStream out) {
            out.printf(
                    Locale.ROOT,
                    "%nsize %s, %d users, %.0f s per scenario: baseline vs optimized%n",
                    r.data().size(),
                    r.settings().users(),
                    r.settings().durationSeconds());
            for (var s : r.settings().scenarios()) {
                var b = r.scenario("baseline", s);
                var o = r.scenario("optimized", s);
                if (b != null && o != null) {
                    out.printf(
                            Locale.ROOT,
                            "  %-11s %9.1f vs %9.1f req/s (x%.1f)  p50 %8.2f vs %7.2f ms  p99 %8.2f vs %7.2f ms  errors %d / %d%n",
                            s,
                            b.throughput(),
                            o.throughput(),
                            b.throughput() == 0 ? 0 : o.throughput() / b.throughput(),
                            b.latency().p50(),
                            o.latency().p50(),
                            b.latency().p99(),
                            o.latency().p99(),
                            b.errors(),
                            o.errors());
                }
            }
        }
    }
}
