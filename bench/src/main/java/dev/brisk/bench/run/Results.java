package dev.brisk.bench.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.AbstractHistogram;

/** The report's data, as records that serialize to the JSON file one to one. All times in milliseconds. */
public final class Results {

    private Results() {}

    /** Percentiles of a histogram recorded in microseconds. */
    public record Latency(
            long count, double mean, double p50, double p90, double p95, double p99, double p999, double max) {

        public static final Latency EMPTY = new Latency(0, 0, 0, 0, 0, 0, 0, 0);

        static Latency of(AbstractHistogram h) {
            if (h == null || h.getTotalCount() == 0) {
                return EMPTY;
            }
            return new Latency(
                    h.getTotalCount(),
                    ms(h.getMean()),
                    ms(h.getValueAtPercentile(50)),
                    ms(h.getValueAtPercentile(90)),
                    ms(h.getValueAtPercentile(95)),
                    ms(h.getValueAtPercentile(99)),
                    ms(h.getValueAtPercentile(99.9)),
                    ms(h.getMaxValue()));
        }

        private static double ms(double micros) {
            return Math.round(micros) / 1000.0;
        }
    }

    /**
     * Statements per request, from {@code Server-Timing: db-statements}.
     *
     * @param responses responses that carried the count (the others are not in the mean)
     * @param histogram requests by statement count: "0" .. "5", "6+"
     */
    public record Statements(long responses, double mean, long max, Map<String, Long> histogram, double dbMillisMean) {}

    /**
     * Successful responses of one cache class (see {@code CacheOutcome.classify}): "hit" when the
     * data namespaces (api, dashboard) answered from a tier, "miss" when one ran its loader, "auth"
     * when only the auth namespace was read (writes, GET /api/auth/me), "none" without a cache descriptor.
     *
     * @param serverTime {@code Server-Timing: total}
     * @param statementsMean mean {@code db-statements}, null when no response carried it
     */
    public record ByCache(long requests, Latency serverTime, Double statementsMean) {}

    /**
     * One operation of a scenario. In closed loop its latency is corrected with the scenario's
     * per-user interval (the interval between a user's requests, whatever their operation), so the
     * operations' histograms add up to the scenario's.
     *
     * @param cache responses by {@code Server-Timing: cache} outcome ("none" = no cache descriptor)
     * @param missCauses details only: the measured response-cache misses by {@link MissCauses} cause
     */
    public record Operation(
            String name,
            long requests,
            long errors,
            Map<String, Long> errorKinds,
            double throughput,
            Latency latency,
            Latency serviceTime,
            Latency serverTime,
            Statements statements,
            Map<String, Long> cache,
            Map<String, ByCache> byCache,
            Reads reads,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Long> missCauses) {}

    /**
     * Reads by what the response cache did (from Server-Timing): hits, misses, and reads the server
     * sent past it, by reason (own-change: the caller's own change not heard yet; listen-down: the
     * LISTEN connection was down). hitRatio = hits / (hits + misses + bypassed); bypassShare =
     * bypassed / the same. Responses that read no data namespace (writes, auth only) are not reads here.
     */
    public record Reads(
            long reads,
            long hits,
            long misses,
            long bypassed,
            Map<String, Long> bypassReasons,
            Double hitRatio,
            Double bypassShare) {}

    /** One second of the measured run, by completion time. */
    public record TimelinePoint(
            int second, long requests, long errors, double p50, double p99, double max, Map<String, Long> cache) {}

    /** A hook (e.g. kill Redis) as it ran. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HookEvent(
            String name, String command, double atSecond, double tookSeconds, boolean ok, String error) {}

    /** One of the first requests of the cold scenario, in start order. */
    public record Sample(int seq, String op, double startMs, double latencyMs, int status) {}

    /**
     * {@code /api/monitoring/performance} around the scenario, read defensively.
     *
     * @param hitRates every numeric field named like hitRate/hitRatio, and hits/(hits+misses)
     *                 wherever an object has both, by JSON path; taken from {@code after}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Monitoring(
            Integer status, Map<String, Double> hitRates, JsonNode before, JsonNode after, String error) {}

    /**
     * One scenario.
     *
     * @param mode "closed-loop" or "open-loop"
     * @param latency response time; open loop: from the intended start (coordinated omission
     *                excluded by construction); closed loop: service times corrected with
     *                {@code copyCorrectedForCoordinatedOmission(expectedIntervalMicros)}
     * @param serviceTime from the actual send to the last byte, uncorrected
     * @param serverTime {@code Server-Timing: total}, the server's own view
     * @param expectedIntervalMicros the interval used for the correction: per-user target interval
     *                               (open loop) or per-user mean interval (closed loop)
     * @param cacheHitRatio share of "hit" among the responses classified hit or miss (see {@link ByCache})
     * @param cacheHitRatios per cache namespace (auth, api, dashboard; "any" for a bare descriptor):
     *                       share of responses whose tier was not "miss", from Server-Timing
     * @param byCache server time and statements of the successful responses by cache class
     * @param clientCpuCores CPU the runner itself used, in cores (shares the machine with the server)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scenario(
            String scenario,
            String description,
            String mode,
            int users,
            double targetRate,
            double durationSeconds,
            double warmupSeconds,
            long requests,
            long errors,
            Map<String, Long> errorKinds,
            double throughput,
            Latency latency,
            Latency serviceTime,
            Latency serverTime,
            long expectedIntervalMicros,
            Statements statements,
            Map<String, Long> cache,
            Double cacheHitRatio,
            Map<String, Double> cacheHitRatios,
            Map<String, ByCache> byCache,
            Map<String, Integer> mix,
            List<Operation> operations,
            List<TimelinePoint> timeline,
            List<HookEvent> hooks,
            List<Sample> firstRequests,
            Monitoring monitoring,
            double clientCpuCores,
            List<String> notes,
            Reads reads) {}

    public record Machine(String host, int cpus, String cpuModel, long memoryBytes, String os, String java) {}

    /** What the runner found before the scenarios: organizations, sessions, id pools. */
    public record Setup(
            int orgs,
            int sessions,
            Map<String, Integer> endpointStatus,
            Map<String, Integer> pools,
            double seconds,
            List<String> notes) {}

    public record Run(
            String tool,
            String label,
            String baseUrl,
            String startedAt,
            double seconds,
            Machine machine,
            Map<String, Object> config,
            Setup setup,
            List<Scenario> scenarios) {}
}
