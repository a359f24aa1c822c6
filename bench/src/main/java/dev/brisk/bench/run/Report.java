package dev.brisk.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a {@link Results.Run} as JSON and as the human table. */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Report() {}

    public static void writeJson(Results.Run run, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), run);
    }

    public static Results.Run readJson(Path file) throws IOException {
        return JSON.readValue(file.toFile(), Results.Run.class);
    }

    public static void printTable(Results.Run run, PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%n%s against %s, %s, %d orgs, %d sessions%n",
                run.label(),
                run.baseUrl(),
                run.startedAt(),
                run.setup().orgs(),
                run.setup().sessions());
        for (String note : run.setup().notes()) {
            out.println("note: " + note);
        }
        out.printf(
                Locale.ROOT,
                "%-11s %-6s %5s %8s %9s %8s %8s %8s %8s %8s %8s %6s %6s %6s  %s%n",
                "scenario",
                "mode",
                "users",
                "requests",
                "req/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "max ms",
                "svc p99",
                "srv p50",
                "errors",
                "stmt/r",
                "hit %",
                "cache outcomes");
        for (Results.Scenario s : run.scenarios()) {
            out.printf(
                    Locale.ROOT,
                    "%-11s %-6s %5d %8d %9.1f %8.2f %8.2f %8.2f %8.2f %8.2f %8.3f %6d %6.2f %6s  %s%n",
                    s.scenario(),
                    s.mode().startsWith("open") ? "open" : "closed",
                    s.users(),
                    s.requests(),
                    s.throughput(),
                    s.latency().p50(),
                    s.latency().p95(),
                    s.latency().p99(),
                    s.latency().max(),
                    s.serviceTime().p99(),
                    s.serverTime().p50(),
                    s.errors(),
                    s.statements().mean(),
                    s.cacheHitRatio() == null ? "-" : String.format(Locale.ROOT, "%.1f", s.cacheHitRatio() * 100),
                    compact(s.cache()));
        }
        for (Results.Scenario s : run.scenarios()) {
            if (s.operations().size() > 1) {
                out.printf(Locale.ROOT, "%n%s by operation%n", s.scenario());
                out.printf(
                        Locale.ROOT,
                        "  %-24s %8s %8s %8s %8s %8s %6s %6s %6s %6s  %s%n",
                        "operation",
                        "requests",
                        "req/s",
                        "p50 ms",
                        "p99 ms",
                        "srv p50",
                        "errors",
                        "stmt/r",
                        "hit %",
                        "byp %",
                        "cache outcomes");
                for (Results.Operation o : s.operations()) {
                    out.printf(
                            Locale.ROOT,
                            "  %-24s %8d %8.1f %8.2f %8.2f %8.3f %6d %6.2f %6s %6s  %s%n",
                            o.name(),
                            o.requests(),
                            o.throughput(),
                            o.latency().p50(),
                            o.latency().p99(),
                            o.serverTime().p50(),
                            o.errors(),
                            o.statements().mean(),
                            percent(o.reads() == null ? null : o.reads().hitRatio()),
                            percent(o.reads() == null ? null : o.reads().bypassShare()),
                            compact(o.cache()));
                }
                String causes = s.operations().stream()
                        .filter(o -> o.missCauses() != null)
                        .map(o -> o.name() + " " + compact(o.missCauses()))
                        .collect(Collectors.joining("; "));
                if (!causes.isEmpty()) {
                    out.printf(
                            Locale.ROOT,
                            "  detail misses by cause (again-young: filled < %d s ago, not written by this load): %s%n",
                            MissCauses.REDIS_TTL_FLOOR_SECONDS,
                            causes);
                }
                Results.Reads reads = s.reads();
                if (reads != null && reads.reads() > 0) {
                    out.printf(
                            Locale.ROOT,
                            "  reads %,d: hits %s %%, bypassed %s %% by reason %s%n",
                            reads.reads(),
                            percent(reads.hitRatio()),
                            percent(reads.bypassShare()),
                            reads.bypassReasons());
                }
            }
            if (!s.errorKinds().isEmpty()) {
                out.printf(Locale.ROOT, "%s errors: %s%n", s.scenario(), s.errorKinds());
            }
            if (!s.hooks().isEmpty()) {
                out.printf(
                        Locale.ROOT,
                        "%s hooks: %s%n",
                        s.scenario(),
                        s.hooks().stream()
                                .map(h -> String.format(
                                        Locale.ROOT,
                                        "%s at %.1f s%s",
                                        h.name(),
                                        h.atSecond(),
                                        h.ok() ? "" : " FAILED " + h.error()))
                                .collect(Collectors.joining(", ")));
                out.printf(
                        Locale.ROOT,
                        "%s per second (requests/errors): %s%n",
                        s.scenario(),
                        s.timeline().stream()
                                .map(p -> p.requests() + "/" + p.errors())
                                .collect(Collectors.joining(" ")));
                out.printf(Locale.ROOT, "%s recovery: %s%n", s.scenario(), Recovery.of(s));
            }
            if (s.monitoring() != null
                    && s.monitoring().hitRates() != null
                    && !s.monitoring().hitRates().isEmpty()) {
                out.printf(
                        Locale.ROOT,
                        "%s server hit rates: %s%n",
                        s.scenario(),
                        s.monitoring().hitRates());
            }
            if (!s.firstRequests().isEmpty()) {
                List<Results.Sample> first = s.firstRequests();
                out.printf(
                        Locale.ROOT,
                        "%s first requests (ms): %s%n",
                        s.scenario(),
                        first.stream()
                                .limit(20)
                                .map(x -> String.format(Locale.ROOT, "%.1f", x.latencyMs()))
                                .collect(Collectors.joining(" ")));
            }
            for (String note : s.notes()) {
                out.printf(Locale.ROOT, "%s note: %s%n", s.scenario(), note);
            }
        }
    }

    private static String compact(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }

    private static String percent(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.1f", ratio * 100);
    }
}
