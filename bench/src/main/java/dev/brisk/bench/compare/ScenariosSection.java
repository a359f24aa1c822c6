package dev.brisk.bench.compare;

import static dev.brisk.bench.compare.ReportFormat.*;
import static dev.brisk.bench.compare.ScenarioValues.*;

import dev.brisk.bench.run.Results;
import java.util.Locale;
import java.util.stream.Collectors;

/** The report's "Per scenario" table: baseline, optimized and their ratio for each scenario, and what each scenario is. */
final class ScenariosSection extends ReportSection {

    ScenariosSection(CompareResult r, StringBuilder md) {
        super(r, md);
    }

    void write() {
        line("### Per scenario");
        line("");
        line(
                "Rows per scenario: baseline, optimized, and optimized ÷ baseline (throughput: higher is better; latency: "
                        + "lower is better). Statements per request: `database.statementsPerRequest` of the server after the scenario; "
                        + "hit rates: reads answered by a tier ÷ reads, from `cache.stats.namespaces.<NS>.tiers` (see the notes).");
        line("");
        line(
                "| scenario | mode | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | server p50 ms | errors | statements/request | hit rate auth / dashboard / api |");
        line("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        for (String s : r.settings().scenarios()) {
            Results.Scenario b = r.scenario(Compare.BASELINE, s);
            Results.Scenario o = r.scenario(Compare.OPTIMIZED, s);
            if (b != null) {
                scenarioRow(s, "baseline", b);
            }
            if (o != null) {
                scenarioRow(b == null ? s : "", "optimized", o);
            }
            if (b != null && o != null) {
                line(String.format(
                        Locale.ROOT,
                        "| | *optimized ÷ baseline* | | **%s** | %s | %s | %s | %s | %s | | %s | |",
                        ratio(o.throughput(), b.throughput()),
                        ratio(o.latency().p50(), b.latency().p50()),
                        ratio(o.latency().p95(), b.latency().p95()),
                        ratio(o.latency().p99(), b.latency().p99()),
                        ratio(o.latency().max(), b.latency().max()),
                        ratio(o.serverTime().p50(), b.serverTime().p50()),
                        statements(b) == null || statements(o) == null || statements(b) == 0
                                ? ""
                                : ratio(statements(o), statements(b))));
            }
        }
        line("");
        line("Scenarios: "
                + r.settings().scenarios().stream()
                        .map(ScenariosSection::describe)
                        .collect(Collectors.joining("; "))
                + ".");
        line("");
    }

    private void scenarioRow(String name, String mode, Results.Scenario x) {
        Double st = statements(x);
        line(String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                name,
                mode,
                x.requests(),
                rate(x.throughput()),
                ms(x.latency().p50()),
                ms(x.latency().p95()),
                ms(x.latency().p99()),
                ms(x.latency().max()),
                ms(x.serverTime().p50()),
                x.errors() == 0 ? "0" : "**" + x.errors() + "**",
                st == null ? "–" : String.format(Locale.ROOT, "%.2f", st),
                hitRates(x, mode)));
    }

    static String describe(String scenario) {
        return switch (scenario) {
            case "cold" -> "**cold** the first requests after a restart (hot set: dashboard, first pages, details)";
            case "warm" -> "**warm** the same hot set after a warm-up";
            case "high-load" ->
                "**high-load** mixed: filtered lists, searches, next pages, details, dashboard, 6 % writes";
            case "cache-miss" ->
                "**cache-miss** every request a new key: deep cursor walks, unique time bounds, unique searches";
            case "redis-down" ->
                "**redis-down** the mixed load; optimized: its Redis SIGKILLed at 1/3 and a new one started at 2/3";
            case "dashboard" -> "**dashboard** GET /api/dashboard only";
            case "floor" -> "**floor** GET /api/auth/me, the trivial authenticated endpoint of the same stack";
            default -> scenario;
        };
    }
}
