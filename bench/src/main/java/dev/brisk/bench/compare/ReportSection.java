package dev.brisk.bench.compare;

import dev.brisk.bench.run.Results;
import java.util.ArrayList;
import java.util.List;

/** A part of the compare report: the result it describes and the markdown it appends to. */
abstract class ReportSection {

    final CompareResult r;
    final StringBuilder md;

    ReportSection(CompareResult r, StringBuilder md) {
        this.r = r;
        this.md = md;
    }

    void line(String s) {
        md.append(s).append('\n');
    }

    CompareResult.DashboardAlone alone(String mode) {
        return r.dashboardAlone() == null
                ? null
                : r.dashboardAlone().stream()
                        .filter(d -> d.mode().equals(mode))
                        .findFirst()
                        .orElse(null);
    }

    /** The optimized run's dashboard cache misses, from the first scenario with enough of them. */
    Results.ByCache dashboardMisses() {
        List<String> order = new ArrayList<>(List.of("high-load", "redis-down", "warm", "dashboard"));
        Results.ByCache best = null;
        for (String s : order) {
            Results.Scenario x = r.scenario(Compare.OPTIMIZED, s);
            if (x == null) {
                continue;
            }
            for (Results.Operation op : x.operations()) {
                if (op.name().equals("dashboard")
                        && op.byCache() != null
                        && op.byCache().get("miss") != null) {
                    Results.ByCache m = op.byCache().get("miss");
                    if (best == null || m.requests() > best.requests()) {
                        best = m;
                    }
                }
            }
            if (best != null && best.requests() >= 20) {
                return best;
            }
        }
        return best;
    }
}
