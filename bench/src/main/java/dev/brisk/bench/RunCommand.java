package dev.brisk.bench;

import dev.brisk.bench.run.LoadRunner;
import dev.brisk.bench.run.Report;
import dev.brisk.bench.run.Results;
import dev.brisk.bench.run.RunConfig;
import dev.brisk.bench.run.Scenario;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Put HTTP load on a running Brisk and report throughput, latency percentiles (HdrHistogram, "
                    + "coordinated omission corrected), errors, statements per request and cache outcomes "
                    + "(Server-Timing) and the server's hit rates (/api/monitoring/performance).",
            "Scenarios: cold, warm, high-load, cache-miss, redis-down, pg-restart, floor, dashboard (comma-separated, or all)."
        })
final class RunCommand implements Callable<Integer> {

    @Mixin
    LoadOptions load = new LoadOptions(8, "30s", "30s");

    @Option(names = "--base-url", defaultValue = "http://localhost:8080", description = "default ${DEFAULT-VALUE}")
    String baseUrl;

    @Option(
            names = "--scenario",
            defaultValue = "warm",
            split = ",",
            description =
                    "cold, warm, high-load, cache-miss, redis-down, pg-restart, floor, dashboard or all (default ${DEFAULT-VALUE})")
    List<String> scenarios;

    @Option(names = "--warmup", description = "unrecorded load before each scenario (default 5s; cold never warms up)")
    String warmup;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description =
                    "open loop at this many requests/s in total, timed from each intended start; 0 = closed loop (default)")
    double rate;

    @Option(
            names = "--label",
            defaultValue = "run",
            description = "name of this run in the report, e.g. optimized or baseline")
    String label;

    @Option(names = "--out", description = "JSON report file (default target/bench-results/<label>-<time>.json)")
    Path out;

    @Option(names = "--password", defaultValue = "brisk-bench", description = "default ${DEFAULT-VALUE}")
    String password;

    @Option(
            names = "--member-email",
            defaultValue = "member@org-%d.bench",
            description = "load users, %%d = org number (default ${DEFAULT-VALUE})")
    String memberEmail;

    @Option(
            names = {"--operator-email", "--admin-email"},
            defaultValue = "operator@brisk.bench",
            description = "platform operator that reads/resets /api/monitoring/performance (default ${DEFAULT-VALUE})")
    String adminEmail;

    @Option(names = "--orgs", defaultValue = "0", description = "organizations to use; 0 = discover (default)")
    int orgs;

    @Option(
            names = "--sessions",
            defaultValue = "0",
            description = "distinct logins shared by the users; 0 = min(users, 2 x orgs)")
    int sessions;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "seeds each user's random choices (default ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = {"--redis-kill-cmd", "--stop-cmd"},
            description =
                    "redis-down / pg-restart: shell command that stops Redis / PostgreSQL (run at --redis-kill-at)")
    String redisKill;

    @Option(
            names = {"--redis-start-cmd", "--start-cmd"},
            description = "redis-down / pg-restart: shell command that starts it again (run at --redis-start-at)")
    String redisStart;

    @Option(
            names = "--reset-monitoring",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "POST /api/monitoring/performance?action=reset before each scenario (default on)")
    boolean resetMonitoring;

    @Option(
            names = "--clear-cache",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "cold: POST ...?action=clear-cache first (default on)")
    boolean clearCache;

    @Option(
            names = "--mix",
            split = ",",
            description = "high-load/redis-down weights, e.g. dashboard=50,orders.get=50 (default: the fixed mix)")
    Map<String, Integer> mix;

    @Override
    public Integer call() throws Exception {
        List<Scenario> list = new ArrayList<>();
        for (String s : scenarios) {
            if (s.equalsIgnoreCase("all")) {
                list.addAll(Scenario.all());
            } else {
                list.add(Scenario.of(s));
            }
        }
        RunConfig.Hook kill = redisKill == null ? null : RunConfig.Hook.shell(redisKill);
        RunConfig.Hook start = redisStart == null ? null : RunConfig.Hook.shell(redisStart);
        RunConfig config = RunConfig.builder(baseUrl)
                .label(label)
                .scenarios(list)
                .users(load.users)
                .duration(load.duration())
                .warmup(warmup == null ? null : parseDuration(warmup))
                .rate(rate)
                .coldRequests(load.coldRequests)
                .timeout(load.timeout())
                .password(password)
                .memberEmail(memberEmail)
                .adminEmail(adminEmail)
                .orgs(orgs)
                .sessions(sessions)
                .seed(seed)
                .hooks(new RunConfig.Hooks(kill, start, load.killAt, load.startAt))
                .resetMonitoring(resetMonitoring)
                .clearCacheForCold(clearCache)
                .mix(mix == null ? null : new LinkedHashMap<>(mix))
                .log(System.err)
                .build();
        Results.Run run = new LoadRunner(config).run();
        Path file = out != null
                ? out
                : Path.of(
                        "target",
                        "bench-results",
                        label + "-"
                                + LocalDateTime.now()
                                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))
                                + ".json");
        Report.writeJson(run, file);
        Report.printTable(run, System.out);
        System.out.printf(Locale.ROOT, "%nreport: %s%n", file.toAbsolutePath());
        return 0;
    }

    /** 30s, 500ms, 2m, 1h, a bare number of seconds, or ISO-8601 (PT30S). */
    static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("pt") || t.startsWith("p")) {
            return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
        }
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        char unit = t.charAt(t.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        }
        double v = Double.parseDouble(t.substring(0, t.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofMillis(Math.round(v * 1000));
            case 'm' -> Duration.ofMillis(Math.round(v * 60_000));
            case 'h' -> Duration.ofMillis(Math.round(v * 3_600_000));
            default -> throw new IllegalArgumentException("bad duration " + text + " (use 30s, 500ms, 2m)");
        };
    }
}
