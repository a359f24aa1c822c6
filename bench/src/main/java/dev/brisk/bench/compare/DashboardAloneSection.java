package dev.brisk.bench.compare;

import static dev.brisk.bench.compare.ReportFormat.*;
import static dev.brisk.bench.compare.ScenarioValues.*;

import java.util.List;
import java.util.Locale;

/** The report's "Dashboard, one user alone" table: one organization after the other, no other load. */
final class DashboardAloneSection extends ReportSection {

    DashboardAloneSection(CompareResult r, StringBuilder md) {
        super(r, md);
    }

    void write() {
        if (r.dashboardAlone() == null || r.dashboardAlone().isEmpty()) {
            return;
        }
        line("### Dashboard, one user alone");
        line("");
        line(
                "No other load: GET /api/dashboard of organization 1, 2, ... one after the other, up to "
                        + num(
                                r.settings().dashboardAloneSeconds() == null
                                        ? 0
                                        : r.settings().dashboardAloneSeconds())
                        + " s per mode (organization 1 is the biggest). Optimized: the dashboard cache is cleared before each "
                        + "organization's first request (which then reads the materialized views), and a second request is answered from the cache.");
        line("");
        line(
                "| mode | organizations | first request, server p50 / max | first request, client p50 | second request (cached), server p50 | seconds | note |");
        line("|---|--:|--:|--:|--:|--:|---|");
        for (CompareResult.DashboardAlone d : r.dashboardAlone()) {
            List<Double> cached = d.cachedServer() == null
                    ? List.of()
                    : d.cachedServer().stream()
                            .filter(java.util.Objects::nonNull)
                            .toList();
            line(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s / %s ms | %s ms | %s | %s | %s |",
                    d.mode(),
                    d.orgs().isEmpty()
                            ? "none"
                            : d.orgs().size() + " (" + d.orgs().get(0) + "–"
                                    + d.orgs().get(d.orgs().size() - 1) + ")",
                    d.uncachedServer().isEmpty() ? "–" : ms(Median.of(d.uncachedServer())),
                    d.uncachedServer().isEmpty()
                            ? "–"
                            : ms(d.uncachedServer().stream()
                                    .mapToDouble(Double::doubleValue)
                                    .max()
                                    .orElse(0)),
                    d.uncachedLatency().isEmpty() ? "–" : ms(Median.of(d.uncachedLatency())),
                    cached.isEmpty() ? "–" : ms(Median.of(cached)) + " ms",
                    num(d.seconds()),
                    d.note() == null ? "" : d.note()));
        }
        line("");
    }
}
