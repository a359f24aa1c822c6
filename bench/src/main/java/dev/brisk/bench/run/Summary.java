package dev.brisk.bench.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/** Turns what a {@link Recorder} recorded into a scenario's {@link Results.Scenario}, and describes the run's config. */
final class Summary {

    private final RunConfig config;
    private final PrintStream log;

    Summary(RunConfig config) {
        this.config = config;
        this.log = config.log();
    }

    Results.Scenario summarize(
            Scenario scenario,
            Workload workload,
            Recorder recorder,
            MissCauses causes,
            long elapsedNanos,
            Duration warmup,
            long cpuNanos,
            List<Results.HookEvent> hooks,
            Results.Monitoring monitoring,
            List<String> notes) {
        double seconds = elapsedNanos / 1e9;
        Map<String, Recorder.OpStats> ops = recorder.ops();
        long requests = recorder.total();
        boolean open = config.rate() > 0;
        long expectedInterval = open
                ? (long) (config.users() * 1e6 / config.rate())
                : requests == 0 ? 0 : (long) (config.users() * seconds * 1e6 / requests);

        Histogram latency = new Histogram(3);
        Histogram service = new Histogram(3);
        Histogram server = new Histogram(3);
        List<Results.Operation> operations = new ArrayList<>();
        Map<String, Long> errorKinds = new TreeMap<>();
        Map<String, Long> cache = new TreeMap<>();
        long errors = 0;
        for (Recorder.OpStats s : ops.values()) {
            Histogram opLatency = corrected(s.latency, open, expectedInterval);
            latency.add(opLatency);
            service.add(s.service);
            server.add(s.server);
            long n = s.requests.sum();
            errors += s.errors.sum();
            s.errorCounts().forEach((k, v) -> errorKinds.merge(s.name + " " + k, v, Long::sum));
            s.cacheCounts().forEach((k, v) -> cache.merge(k, v, Long::sum));
            operations.add(new Results.Operation(
                    s.name,
                    n,
                    s.errors.sum(),
                    s.errorCounts(),
                    Rounding.round3(n / seconds),
                    Results.Latency.of(opLatency),
                    Results.Latency.of(s.service),
                    Results.Latency.of(s.server),
                    Recorder.OpStats.statements(List.of(s)),
                    s.cacheCounts(),
                    s.byCache(),
                    CacheOutcome.reads(s.cacheCounts()),
                    causes.of(s.name)));
        }
        Map<String, Results.ByCache> byCache = Recorder.ClassStats.summarize(new ArrayList<>(ops.values()));
        long hits = byCache.containsKey("hit") ? byCache.get("hit").requests() : 0;
        long misses = byCache.containsKey("miss") ? byCache.get("miss").requests() : 0;
        Double hitRatio = hits + misses == 0 ? null : Rounding.round3((double) hits / (hits + misses));

        Results.Scenario result = new Results.Scenario(
                scenario.id(),
                scenario.description(),
                open ? "open-loop" : "closed-loop",
                config.users(),
                config.rate(),
                Rounding.round3(seconds),
                warmup.toMillis() / 1000.0,
                requests,
                errors,
                errorKinds,
                Rounding.round3(requests / seconds),
                Results.Latency.of(latency),
                Results.Latency.of(service),
                Results.Latency.of(server),
                expectedInterval,
                Recorder.OpStats.statements(new ArrayList<>(ops.values())),
                cache,
                hitRatio,
                CacheOutcome.hitRatios(cache),
                byCache,
                workload.effectiveMix(),
                operations,
                recorder.timeline((int) Math.ceil(seconds)),
                List.copyOf(hooks),
                scenario == Scenario.COLD ? recorder.samples() : List.of(),
                monitoring,
                Rounding.round3(cpuNanos / (double) elapsedNanos),
                notes,
                CacheOutcome.reads(cache));
        log.printf(
                Locale.ROOT,
                "  %,d requests, %,.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors%n",
                requests,
                result.throughput(),
                result.latency().p50(),
                result.latency().p99(),
                errors);
        Results.Reads reads = result.reads();
        if (reads.reads() > 0) {
            log.printf(
                    Locale.ROOT,
                    "  reads: %,d, response-cache hits %.1f %%, bypassed %.1f %% %s%n",
                    reads.reads(),
                    100 * reads.hitRatio(),
                    100 * reads.bypassShare(),
                    reads.bypassReasons());
        }
        return result;
    }

    private static Histogram corrected(Histogram h, boolean open, long expectedIntervalMicros) {
        if (open || expectedIntervalMicros <= 0) {
            return h.copy();
        }
        return h.copyCorrectedForCoordinatedOmission(expectedIntervalMicros);
    }

    Map<String, Object> configSummary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenarios", config.scenarios().stream().map(Scenario::id).toList());
        m.put("users", config.users());
        m.put("durationSeconds", config.duration().toMillis() / 1000.0);
        m.put(
                "warmupSeconds",
                config.warmup() == null
                        ? "default (5 s, cold 0)"
                        : config.warmup().toMillis() / 1000.0);
        m.put("rate", config.rate());
        m.put("coldRequests", config.coldRequests());
        m.put("timeoutSeconds", config.timeout().toMillis() / 1000.0);
        m.put("memberEmail", config.memberEmail());
        m.put("adminEmail", config.adminEmail());
        m.put("seed", config.seed());
        m.put("resetMonitoring", config.resetMonitoring());
        m.put("clearCacheForCold", config.clearCacheForCold());
        m.put("redisKillAt", config.hooks().killAt());
        m.put("redisStartAt", config.hooks().startAt());
        if (config.mix() != null) {
            m.put("mix", config.mix());
        }
        return m;
    }
}
