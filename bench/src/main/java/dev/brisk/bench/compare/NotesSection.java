package dev.brisk.bench.compare;

import static dev.brisk.bench.compare.ReportFormat.*;
import static dev.brisk.bench.compare.ScenarioValues.*;

import dev.brisk.bench.run.Results;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The report's notes: what the run's set-up and the servers' logs say about the numbers. */
final class NotesSection extends ReportSection {

    NotesSection(CompareResult r, StringBuilder md) {
        super(r, md);
    }

    void write() {
        List<String> notes = new ArrayList<>();
        boolean hasIndexMigration = r.data().optimizedMigrations().stream().anyMatch(m -> {
            try {
                return Integer.parseInt(m.substring(1, m.indexOf(' '))) > 100;
            } catch (RuntimeException e) {
                return false;
            }
        });
        if (!hasIndexMigration) {
            notes.add(
                    "The optimized database has only " + list(r.data().optimizedMigrations()) + ": the secondary-index "
                            + "migration (V101) was not on this branch, so the optimized numbers are **without the documented "
                            + "secondary indexes** ("
                            + r.data().optimizedIndexes().size() + " secondary indexes in the optimized "
                            + "database vs " + r.data().baselineIndexes().size() + " in the baseline one).");
        }
        if (!"M".equalsIgnoreCase(r.data().size())) {
            notes.add("Size " + r.data().size() + ", not M: the targets are stated for 1 M orders.");
        }
        List<String> off = new ArrayList<>();
        for (String sc : r.settings().scenarios()) {
            Results.Scenario o = r.scenario(Compare.OPTIMIZED, sc);
            if (o == null) {
                continue;
            }
            for (String ns : List.of("AUTH", "DASHBOARD", "API")) {
                Double tiers = hitRate(o, ns);
                Double field = serverHitRate(o, ns);
                if (tiers != null && field != null && Math.abs(tiers - field) > 0.01) {
                    off.add(String.format(Locale.ROOT, "%s %s %s vs %s", sc, ns, pct(field), pct(tiers)));
                }
            }
        }
        if (!off.isEmpty()) {
            notes.add(
                    "Hit rates here are the tiers' hits ÷ reads. The server's own `cache.stats.namespaces.<NS>.hitRate` field "
                            + "disagrees (field vs tiers): " + String.join("; ", off)
                            + ". The field is (reads − loads) ÷ reads, and the "
                            + "API response cache reads with getIfPresent, which never counts a load, so the field says 100 % for API "
                            + "whatever happened: a server bug, reported, not fixed here.");
        }
        List<String> bypassed = new ArrayList<>();
        for (String sc : r.settings().scenarios()) {
            Results.Scenario o = r.scenario(Compare.OPTIMIZED, sc);
            if (o == null) {
                continue;
            }
            long reads = 0;
            long authOnly = 0;
            for (Results.Operation op : o.operations()) {
                if (WRITES.contains(op.name()) || op.name().equals("auth.me")) {
                    continue;
                }
                for (Map.Entry<String, Long> e : op.cache().entrySet()) {
                    reads += e.getValue();
                    String kind = dev.brisk.bench.run.CacheOutcome.classify(e.getKey());
                    if (kind.equals("auth") || kind.equals("bypass")) {
                        authOnly += e.getValue();
                    }
                }
            }
            if (authOnly > 0) {
                double share = 100.0 * authOnly / reads;
                Results.Reads why = o.reads();
                bypassed.add(String.format(
                                Locale.ROOT,
                                share < 1 ? "%s %,d of %,d (%.1f %%)" : "%s %,d of %,d (%.0f %%)",
                                sc,
                                authOnly,
                                reads,
                                share)
                        + (why == null || why.bypassReasons().isEmpty()
                                ? ""
                                : ", bypassed by reason " + why.bypassReasons()));
            }
        }
        if (!bypassed.isEmpty()) {
            notes.add(
                    "Optimized reads that consulted no response cache at all (Server-Timing `api=bypass-own`: the caller's own change not heard yet; `api=bypass-listen`: the node's LISTEN connection down; or only `auth`): "
                            + String.join("; ", bypassed)
                            + ". These are read-your-writes at work: from a user's successful write "
                            + "until the node hears that write's change number (waiting at most 50 ms for it), that user's responses bypass the cache, "
                            + "so under a load with writes some reads are neither hits nor misses, and the api hit rate counts only "
                            + "the reads that did consult the cache. They are in the \"auth only\" column above.");
        }
        Results.Scenario floor = r.scenario(Compare.OPTIMIZED, "floor");
        Double floorStatements = floor == null ? null : statements(floor);
        if (floorStatements != null && floorStatements > 0.5) {
            notes.add(String.format(
                    Locale.ROOT,
                    "The floor is not free of the database: GET /api/auth/me issues %.2f statements "
                            + "per request in optimized mode (it reads the user row; authentication itself came from the cache).",
                    floorStatements));
        }
        notes.addAll(r.notes());
        addSetupNotes(notes, "baseline", r.baseline());
        addSetupNotes(notes, "optimized", r.optimized());
        for (String mode : List.of(Compare.BASELINE, Compare.OPTIMIZED)) {
            Results.Run run = mode.equals(Compare.BASELINE) ? r.baseline() : r.optimized();
            for (Results.Scenario s : run.scenarios()) {
                for (String n : s.notes()) {
                    notes.add(mode + " " + s.scenario() + ": " + n);
                }
                if (!s.errorKinds().isEmpty()) {
                    notes.add(mode + " " + s.scenario() + " errors: " + s.errorKinds());
                }
            }
        }
        double settled = r.runs().stream()
                .mapToDouble(CompareResult.ScenarioRun::settleSeconds)
                .max()
                .orElse(0);
        notes.add(String.format(
                Locale.ROOT,
                "Between runs the harness waits until no statement runs in either database; after "
                        + "a scenario with writes it first pauses 3 s, since the optimized server refreshes its dashboard views once "
                        + "writes pause for 2 s. The longest wait was %s s.",
                num(settled)));
        notes.add("Order of the runs: "
                + r.runs().stream().map(u -> u.scenario() + "/" + u.mode()).collect(Collectors.joining(", "))
                + ". Load average at each start: "
                + r.runs().stream()
                        .map(u ->
                                u.loadAverage() == null ? "?" : u.loadAverage().split(" ")[0])
                        .collect(Collectors.joining(", "))
                + ".");
        line("### Notes");
        line("");
        for (String n : notes) {
            line("- " + n);
        }
        line("");
        line("Reproduce: `java -jar bench/target/brisk-bench.jar compare --size "
                + r.data().size() + " --users " + r.settings().users()
                + " --duration " + num(r.settings().durationSeconds()) + "s --warmup "
                + num(r.settings().warmupSeconds()) + "s --timeout "
                + num(r.settings().timeoutSeconds()) + "s`"
                + " (after `mvn -q -B -DskipTests package -pl server,bench -am`); the full JSON result and the server logs are "
                + "written under `target/compare/`.");
        line("");
    }

    private static final java.util.Set<String> WRITES =
            java.util.Set.of("customers.create", "orders.create", "orders.patch-status");

    private static void addSetupNotes(List<String> notes, String mode, Results.Run run) {
        if (run != null && run.setup() != null) {
            for (String n : run.setup().notes()) {
                notes.add(mode + " setup: " + n);
            }
        }
    }
}
