package dev.brisk.bench.compare;

import static dev.brisk.bench.compare.ReportFormat.*;
import static dev.brisk.bench.compare.ScenarioValues.*;

import dev.brisk.bench.run.Results;
import java.util.Locale;

/** The report's table of the seed's before / after claims next to Brisk's measured numbers. */
final class SeedSection extends ReportSection {

    SeedSection(CompareResult r, StringBuilder md) {
        super(r, md);
    }

    void write() {
        line("### The seed's before / after, with Brisk's numbers");
        line("");
        line(
                "The seed (`MIGRATION_NOTES.md`) states ranges without a method; Brisk's columns are measured in this run, "
                        + "p50 at the client unless marked.");
        line("");
        line("| | seed before | seed after | Brisk baseline | Brisk optimized | optimized ÷ baseline |");
        line("|---|---|---|--:|--:|--:|");
        Results.Scenario bd = r.scenario(Compare.BASELINE, "dashboard");
        Results.Scenario od = r.scenario(Compare.OPTIMIZED, "dashboard");
        CompareResult.DashboardAlone ba = alone(Compare.BASELINE);
        CompareResult.DashboardAlone oa = alone(Compare.OPTIMIZED);
        if (ba != null
                && oa != null
                && !ba.uncachedServer().isEmpty()
                && !oa.uncachedServer().isEmpty()) {
            double b = Median.of(ba.uncachedServer());
            double o = Median.of(oa.uncachedServer());
            line(String.format(
                    Locale.ROOT,
                    "| dashboard load, one user alone (server p50) | 2–3 s | 50–100 ms | %s ms (live, %d orgs) | "
                            + "%s ms (uncached: from the views, %d orgs) | %s |",
                    ms(b),
                    ba.uncachedServer().size(),
                    ms(o),
                    oa.uncachedServer().size(),
                    ratio(o, b)));
        }
        if (bd != null && od != null) {
            line(String.format(
                    Locale.ROOT,
                    "| dashboard under load (%d users, p50) | 2–3 s | cached 10–20 ms | %s ms (live) | %s ms (cached) | %s |",
                    r.settings().users(),
                    ms(bd.latency().p50()),
                    ms(od.latency().p50()),
                    ratio(od.latency().p50(), bd.latency().p50())));
        }
        Results.Scenario bf = r.scenario(Compare.BASELINE, "floor");
        Results.Scenario of = r.scenario(Compare.OPTIMIZED, "floor");
        if (bf != null && of != null) {
            line(String.format(
                    Locale.ROOT,
                    "| auth check: GET /api/auth/me (%d users, p50) | 50–100 ms | 5–10 ms (cached 1–2 ms) | %s ms | %s ms | %s |",
                    r.settings().users(),
                    ms(bf.latency().p50()),
                    ms(of.latency().p50()),
                    ratio(of.latency().p50(), bf.latency().p50())));
        }
        Results.Scenario bh = r.scenario(Compare.BASELINE, "high-load");
        Results.Scenario oh = r.scenario(Compare.OPTIMIZED, "high-load");
        if (bh != null && oh != null) {
            line(String.format(
                    Locale.ROOT,
                    "| API response (mixed load, p50 / p95) | 500–2000 ms | 100–500 ms | %s / %s ms | %s / %s ms | %s / %s |",
                    ms(bh.latency().p50()),
                    ms(bh.latency().p95()),
                    ms(oh.latency().p50()),
                    ms(oh.latency().p95()),
                    ratio(oh.latency().p50(), bh.latency().p50()),
                    ratio(oh.latency().p95(), bh.latency().p95())));
            Double sb = statements(bh);
            Double so = statements(oh);
            line(String.format(
                    Locale.ROOT,
                    "| database queries per request (mixed load) | 10–50 | 1–5 | %s | %s | %s |",
                    sb == null ? "–" : String.format(Locale.ROOT, "%.2f", sb),
                    so == null ? "–" : String.format(Locale.ROOT, "%.2f", so),
                    sb == null || so == null || sb == 0 ? "" : ratio(so, sb)));
            line(String.format(
                    Locale.ROOT,
                    "| cache hit rates auth / dashboard / api (mixed load) | – | 95 / 90 / 70 %% | cache off | %s | |",
                    hitRates(oh, "optimized")));
            line(String.format(
                    Locale.ROOT,
                    "| throughput, mixed load | – | \"5–10× better for cached requests\" | %s req/s | %s req/s | %s |",
                    rate(bh.throughput()),
                    rate(oh.throughput()),
                    ratio(oh.throughput(), bh.throughput())));
        }
        Results.Scenario bw = r.scenario(Compare.BASELINE, "warm");
        Results.Scenario ow = r.scenario(Compare.OPTIMIZED, "warm");
        if (bw != null && ow != null) {
            line(String.format(
                    Locale.ROOT,
                    "| throughput, cached requests (warm) | – | \"5–10× better\" | %s req/s | %s req/s | %s |",
                    rate(bw.throughput()),
                    rate(ow.throughput()),
                    ratio(ow.throughput(), bw.throughput())));
        }
        line("");
    }
}
