package dev.brisk.bench.compare;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.brisk.bench.run.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything one {@code compare} run measured and how: written as JSON next to the server logs,
 * and the input of the markdown report and the charts (which can be rebuilt from the JSON alone).
 *
 * @param baseline the baseline server's run: setup and one result per scenario, in scenario order
 * @param optimized the optimized server's run, same scenarios in the same order
 * @param runs every scenario run in the order it happened (modes alternate)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CompareResult(
        String tool,
        String startedAt,
        double seconds,
        Results.Machine machine,
        String osRelease,
        String kernel,
        Data data,
        Servers servers,
        Settings settings,
        List<ScenarioRun> runs,
        Results.Run baseline,
        Results.Run optimized,
        RedisOutage redisOutage,
        List<DeepCursor> deepCursor,
        List<DashboardAlone> dashboardAlone,
        List<String> notes) {

    /**
     * The data set and the two databases made from it.
     *
     * @param generated false when an existing data set was reused
     * @param rows rows per table of the data set (before any scenario wrote to the clones)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Data(
            String size,
            long seed,
            String asOf,
            boolean generated,
            Double generateSeconds,
            String postgres,
            String template,
            long templateBytes,
            Map<String, Long> rows,
            String baselineDatabase,
            List<String> baselineMigrations,
            List<String> baselineIndexes,
            List<String> baselineViews,
            String optimizedDatabase,
            List<String> optimizedMigrations,
            List<String> optimizedIndexes,
            List<String> optimizedViews,
            double prepareSeconds) {}

    /** How the servers were started: the same jar, java and JVM flags for both. */
    public record Servers(
            String jar,
            String java,
            String javaVersion,
            List<String> jvmArgs,
            List<String> baselineCommand,
            List<String> optimizedCommand,
            List<String> redisCommand,
            List<Double> baselineStartSeconds,
            List<Double> optimizedStartSeconds) {}

    /**
     * One scenario on one server, in run order.
     *
     * @param restartSeconds cold: seconds the restart took until /actuator/health was UP
     * @param settleSeconds waiting for statements still running in either database to finish first
     * @param loadAverage /proc/loadavg (1, 5, 15 min) at the start: the machine is shared
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScenarioRun(
            int position,
            String scenario,
            String mode,
            String startedAt,
            Double restartSeconds,
            double settleSeconds,
            String loadAverage,
            double seconds) {}

    /**
     * The optimized server through the Redis outage, from its /actuator/health cache component.
     *
     * @param degradedAfterKillSeconds from SIGKILL to the component reporting DEGRADED
     * @param upAfterStartSeconds from the new redis-server answering PING to the component reporting UP
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RedisOutage(Double degradedAfterKillSeconds, Double upAfterStartSeconds, String note) {}

    /**
     * A cursor walk down one list (GET /api/orders of the biggest organization, a unique upper
     * bound so no page is cached), page by page until a page count or a time limit.
     *
     * @param firstPages server time (Server-Timing total) p50 of pages 1-10, ms
     * @param lastPages server time p50 of the last 10 pages walked, ms
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeepCursor(
            String mode,
            String path,
            int pages,
            boolean reachedEnd,
            double seconds,
            double firstPages,
            double lastPages,
            double firstPagesLatency,
            double lastPagesLatency,
            long errors,
            String note) {}

    /**
     * One user, no other load: GET /api/dashboard of one organization after another (1, 2, ...)
     * until every organization was asked or the time limit passed. Optimized: the dashboard cache
     * is cleared first (POST ...?action=clear-cache&prefix=dashboard:), so the first request reads
     * the views, and a second request shows the cached answer. Times in ms.
     *
     * @param uncachedServer Server-Timing total of the first request per organization
     * @param cachedServer Server-Timing total of the second request (optimized only)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DashboardAlone(
            String mode,
            List<Integer> orgs,
            List<Double> uncachedServer,
            List<Double> uncachedLatency,
            List<Double> cachedServer,
            List<String> uncachedCache,
            double seconds,
            long errors,
            String note) {}

    public record Settings(
            List<String> scenarios,
            int users,
            double durationSeconds,
            double warmupSeconds,
            int coldRequests,
            double timeoutSeconds,
            double deepCursorSeconds,
            int deepCursorPages,
            Double dashboardAloneSeconds,
            double redisKillAt,
            double redisStartAt,
            long seed) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), this);
    }

    public static CompareResult read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), CompareResult.class);
    }

    /** The same result with more notes (those already there are not repeated). */
    public CompareResult withNotes(List<String> more) {
        List<String> all = new java.util.ArrayList<>(notes == null ? List.of() : notes);
        for (String n : more) {
            if (!all.contains(n)) {
                all.add(n);
            }
        }
        return withNoteList(List.copyOf(all));
    }

    /** The same result without the notes that {@code drop} matches. */
    public CompareResult withoutNotes(java.util.function.Predicate<String> drop) {
        return withNoteList(
                notes == null ? List.of() : notes.stream().filter(drop.negate()).toList());
    }

    private CompareResult withNoteList(List<String> otherNotes) {
        return new CompareResult(
                tool,
                startedAt,
                seconds,
                machine,
                osRelease,
                kernel,
                data,
                servers,
                settings,
                runs,
                baseline,
                optimized,
                redisOutage,
                deepCursor,
                dashboardAlone,
                otherNotes);
    }

    /** This scenario's result on one server, or null. */
    public Results.Scenario scenario(String mode, String scenario) {
        Results.Run run = mode.equals("baseline") ? baseline : optimized;
        if (run == null) {
            return null;
        }
        return run.scenarios().stream()
                .filter(s -> s.scenario().equals(scenario))
                .findFirst()
                .orElse(null);
    }
}
