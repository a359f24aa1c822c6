package dev.brisk.bench.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.brisk.bench.run.MachineInfo;
import dev.brisk.bench.run.Results;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a scale run measured, as records that serialize to its JSON file, and the Markdown tables that
 * docs/scale-out.md quotes.
 *
 * @param machine CPU model, cores and memory of this machine, shared with whatever else runs on it
 */
public record ScaleResult(
        String startedAt,
        String machine,
        String size,
        int users,
        long durationSeconds,
        List<Row> rows,
        List<String> notes) {

    /**
     * One scenario of one topology.
     *
     * @param nginx requests nginx logged (warm-up and probe included) by "node-port status", "retried" when
     *              nginx tried another node first; "-" as port when no node could answer
     * @param nodes CPU of each node over the same window; cpuMs null for a node killed in between
     * @param primaryCpuMsPerRequest PostgreSQL primary (postmaster and backends) CPU per nginx-logged request
     * @param loadBefore 1-minute load average before the scenario (and {@code loadAfter} after it)
     */
    public record Row(
            String topology,
            String scenario,
            double seconds,
            long requests,
            long errors,
            Map<String, Long> errorKinds,
            double throughput,
            double p50,
            double p99,
            double max,
            Map<String, Long> nginx,
            Map<String, NodeCost> nodes,
            Double primaryCpuMsPerRequest,
            Double replicaCpuMsPerRequest,
            ReadBackProbe.Result probe,
            List<String> recovery,
            List<Results.HookEvent> hooks,
            double loadBefore,
            double loadAfter) {}

    public record NodeCost(long requests, Double cpuMs, Double cpuMsPerRequest) {}

    static String describeMachine() {
        String cpu = MachineInfo.cpuModel();
        return Runtime.getRuntime().availableProcessors() + " cores, " + (cpu == null ? "?" : cpu);
    }

    public void writeJson(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    /** Two tables: failures and correctness per scenario, then cost per node. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "Run of %s, size %s, %d users, %d s per scenario (+ warm-up), %s.%n%n",
                startedAt,
                size,
                users,
                durationSeconds,
                machine));
        b.append(
                "| topology | scenario | requests | failed (load) | failed via nginx (5xx) | probe writes / failed | "
                        + "probe reads / failed | read-backs older, < 1 s / ≥ 1 s after the write | req/s | p50 / p99 ms | recovery | load avg |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            long fivexx = r.nginx.entrySet().stream()
                    .filter(e -> e.getKey().split(" ")[1].startsWith("5"))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            String kinds = r.errorKinds == null || r.errorKinds.isEmpty() ? "" : " " + r.errorKinds;
            ReadBackProbe.Result p = r.probe;
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %d | %d%s | %d | %d / %d | %d / %d | %d / %d | %.0f | %.1f / %.1f | %s | %.1f → %.1f |%n",
                    r.topology,
                    r.scenario,
                    r.requests,
                    r.errors,
                    kinds,
                    fivexx,
                    p.writes(),
                    p.writeFailures(),
                    p.reads(),
                    p.readFailures(),
                    p.earlyMismatches(),
                    p.staleReads(),
                    r.throughput,
                    r.p50,
                    r.p99,
                    r.recovery.isEmpty() ? "—" : String.join("; ", r.recovery),
                    r.loadBefore,
                    r.loadAfter));
        }
        b.append(
                "\n| topology | scenario | node: requests, CPU ms per request | PostgreSQL primary CPU ms/request | replica CPU ms/request |\n");
        b.append("|---|---|---|---|---|\n");
        for (Row r : rows) {
            String nodes = r.nodes.entrySet().stream()
                    .map(e -> {
                        NodeCost c = e.getValue();
                        String port = e.getKey().substring(e.getKey().lastIndexOf(':') + 1);
                        return ":" + port + " " + c.requests() + ", "
                                + (c.cpuMsPerRequest() == null
                                        ? "n/a (restarted)"
                                        : String.format(Locale.ROOT, "%.2f", c.cpuMsPerRequest()));
                    })
                    .collect(Collectors.joining("; "));
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s |%n",
                    r.topology,
                    r.scenario,
                    nodes,
                    fmt(r.primaryCpuMsPerRequest),
                    fmt(r.replicaCpuMsPerRequest)));
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    private static String fmt(Double v) {
        return v == null ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }
}
