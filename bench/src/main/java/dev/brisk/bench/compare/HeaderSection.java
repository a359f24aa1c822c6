package dev.brisk.bench.compare;

import static dev.brisk.bench.compare.ReportFormat.*;
import static dev.brisk.bench.compare.ScenarioValues.*;

import dev.brisk.bench.run.Results;
import java.util.Locale;
import java.util.stream.Collectors;

/** The report's opening table: date, machine, java, PostgreSQL, data set, both modes, load and latency method. */
final class HeaderSection extends ReportSection {

    HeaderSection(CompareResult r, StringBuilder md) {
        super(r, md);
    }

    void write() {
        Results.Machine m = r.machine();
        CompareResult.Data d = r.data();
        CompareResult.Settings s = r.settings();
        line("| | |");
        line("|---|---|");
        line("| date | " + r.startedAt().replace('T', ' ').replaceAll("\\.\\d+Z$", " UTC") + ", "
                + String.format(Locale.ROOT, "%.1f min in all", r.seconds() / 60) + " |");
        if (m != null) {
            line(String.format(
                    Locale.ROOT,
                    "| machine | %d CPUs (nproc), %s, %.1f GiB memory, %s (%s) |",
                    m.cpus(),
                    m.cpuModel() == null ? "CPU model unknown" : m.cpuModel(),
                    m.memoryBytes() / 1073741824.0,
                    r.osRelease() == null ? m.os() : r.osRelease(),
                    r.kernel()));
            line("| harness java | " + m.java() + " |");
        }
        line("| server java | " + r.servers().javaVersion() + " (" + r.servers().java() + "), flags `"
                + String.join(" ", r.servers().jvmArgs()) + "`, the same for both modes |");
        line("| PostgreSQL | " + d.postgres()
                + ", same server for both modes (one database each, cloned from one data set) |");
        StringBuilder rows = new StringBuilder();
        if (d.rows() != null) {
            rows.append(d.rows().entrySet().stream()
                    .filter(e -> !e.getKey().equals("sessions"))
                    .map(e -> String.format(
                            Locale.ROOT, "%,d %s", e.getValue(), e.getKey().replace('_', ' ')))
                    .collect(Collectors.joining(", ")));
        }
        line(String.format(
                Locale.ROOT,
                "| data | size %s (seed %d, as of %s): %s; %.0f MB; %s |",
                d.size(),
                d.seed(),
                d.asOf() == null
                        ? "?"
                        : d.asOf().substring(0, Math.min(10, d.asOf().length())),
                rows,
                d.templateBytes() / 1048576.0,
                d.generated()
                        ? String.format(
                                Locale.ROOT,
                                "generated for this run in %.0f s",
                                d.generateSeconds() == null ? 0 : d.generateSeconds())
                        : "reused from an earlier run (--reuse)"));
        line(
                "| baseline | `--brisk.mode=baseline`: no cache at any tier, auth reads PostgreSQL on every request, dashboard "
                        + "computed live, a new connection per request; database `" + d.baselineDatabase() + "` with "
                        + list(d.baselineMigrations()) + " ("
                        + d.baselineIndexes().size() + " secondary indexes, "
                        + d.baselineViews().size() + " materialized views) |");
        line(
                "| optimized | default mode: request memo → Caffeine → Redis (a redis-server child of the harness), HikariCP pool, "
                        + "dashboard from views; database `" + d.optimizedDatabase() + "` with "
                        + list(d.optimizedMigrations()) + " ("
                        + d.optimizedIndexes().size() + " secondary indexes, "
                        + d.optimizedViews().size() + " materialized views) |");
        line(String.format(
                Locale.ROOT,
                "| load | %d closed-loop users (each sends its next request when the previous one is "
                        + "answered), %s s measured per scenario after %s s warm-up (a run lasts until its last request is answered); "
                        + "a request not answered within %s s counts as an error; cold: the first %d requests after a restart of "
                        + "the server (and its Redis), no warm-up; the modes alternate, and which goes first alternates by "
                        + "scenario |",
                s.users(),
                num(s.durationSeconds()),
                num(s.warmupSeconds()),
                num(s.timeoutSeconds()),
                s.coldRequests()));
        line("| latency | at the client, from send to last byte, corrected for coordinated omission (HdrHistogram); "
                + "\"server\" = `Server-Timing: total`; statements per request and hit rates from "
                + "`/api/monitoring/performance`, reset after each warm-up |");
        line("| start-up | baseline " + secondsList(r.servers().baselineStartSeconds()) + ", optimized "
                + secondsList(r.servers().optimizedStartSeconds()) + " until /actuator/health UP |");
        line("");
        line(
                "The machine is shared with other work (load average at each scenario start is in the JSON result); the harness, "
                        + "both servers, PostgreSQL and Redis all run on it. Ratios from one run are what this report is for; absolute "
                        + "numbers move with the machine.");
        line("");
    }
}
