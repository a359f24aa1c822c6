package dev.brisk.bench.compare;

import static dev.brisk.bench.compare.ReportFormat.*;
import static dev.brisk.bench.compare.ScenarioValues.*;

import dev.brisk.bench.run.MissCauses;
import dev.brisk.bench.run.Results;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The report's per-scenario details: latency by cache outcome, statements, hit rates, settle times. */
final class DetailsSection extends ReportSection {

    DetailsSection(CompareResult r, StringBuilder md) {
        super(r, md);
    }

    void write() {
        // cold start
        Results.Scenario bc = r.scenario(Compare.BASELINE, "cold");
        Results.Scenario oc = r.scenario(Compare.OPTIMIZED, "cold");
        if (bc != null || oc != null) {
            line("### Cold start");
            line("");
            line(
                    "| mode | restart until healthy | 1st request | median of the first 10 | median of all recorded (at most "
                            + r.settings().coldRequests() + ") | recorded | p99 | errors |");
            line("|---|--:|--:|--:|--:|--:|--:|--:|");
            for (String mode : List.of(Compare.BASELINE, Compare.OPTIMIZED)) {
                Results.Scenario x = mode.equals(Compare.BASELINE) ? bc : oc;
                if (x == null) {
                    continue;
                }
                Double restart = r.runs().stream()
                        .filter(u -> u.mode().equals(mode) && u.scenario().equals("cold"))
                        .map(CompareResult.ScenarioRun::restartSeconds)
                        .filter(java.util.Objects::nonNull)
                        .findFirst()
                        .orElse(null);
                List<Results.Sample> first = x.firstRequests();
                line(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s ms | %s ms | %s ms | %d | %s ms | %d |",
                        mode,
                        restart == null ? "–" : num(restart) + " s",
                        first.isEmpty() ? "–" : ms(first.get(0).latencyMs()),
                        ms(median(first, 10)),
                        ms(median(first, first.size())),
                        first.size(),
                        ms(x.latency().p99()),
                        x.errors()));
            }
            line("");
        }

        // by operation, mixed load
        Results.Scenario bh = r.scenario(Compare.BASELINE, "high-load");
        Results.Scenario oh = r.scenario(Compare.OPTIMIZED, "high-load");
        if (bh != null && oh != null) {
            line("### Mixed load by operation");
            line("");
            line(
                    "| operation | baseline requests | baseline p50 / p99 ms | baseline statements | optimized requests | optimized p50 / p99 ms | optimized statements | optimized cache hits | p50 optimized ÷ baseline |");
            line("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
            for (Results.Operation o : oh.operations()) {
                Results.Operation b = bh.operations().stream()
                        .filter(x -> x.name().equals(o.name()))
                        .findFirst()
                        .orElse(null);
                Results.ByCache hit = o.byCache() == null ? null : o.byCache().get("hit");
                Results.ByCache miss = o.byCache() == null ? null : o.byCache().get("miss");
                long classified = (hit == null ? 0 : hit.requests()) + (miss == null ? 0 : miss.requests());
                line(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %,d | %s / %s | %.2f | %s | %s |",
                        o.name(),
                        b == null ? "–" : String.format(Locale.ROOT, "%,d", b.requests()),
                        b == null
                                ? "–"
                                : ms(b.latency().p50()) + " / " + ms(b.latency().p99()),
                        b == null
                                ? "–"
                                : String.format(
                                        Locale.ROOT, "%.2f", b.statements().mean()),
                        o.requests(),
                        ms(o.latency().p50()),
                        ms(o.latency().p99()),
                        o.statements().mean(),
                        classified == 0
                                ? "–"
                                : String.format(
                                        Locale.ROOT,
                                        "%.0f %%",
                                        100.0 * (hit == null ? 0 : hit.requests()) / classified),
                        b == null ? "" : ratio(o.latency().p50(), b.latency().p50())));
            }
            line("");
            missCauses(oh);
        }

        // by cache class
        line("### Optimized responses by cache outcome (Server-Timing)");
        line("");
        line(
                "Responses that read a data namespace (api or dashboard): \"hit\" when every namespace they read (authentication "
                        + "included) answered from the request memo, Caffeine or Redis, \"miss\" when any of them ran its loader. \"auth only\": "
                        + "only authentication read the cache (writes, GET /api/auth/me, and reads that bypassed the response cache, see "
                        + "the notes); \"none\": no cache read.");
        line("");
        line(
                "| scenario | hits | hit server p50 / p99 ms | statements per hit | misses | miss server p50 / p99 ms | statements per miss | auth only | statements per auth-only | none |");
        line("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (String s : r.settings().scenarios()) {
            Results.Scenario o = r.scenario(Compare.OPTIMIZED, s);
            if (o == null || o.byCache() == null) {
                continue;
            }
            Results.ByCache h = o.byCache().get("hit");
            Results.ByCache m = o.byCache().get("miss");
            Results.ByCache n = o.byCache().get("none");
            Results.ByCache a = o.byCache().get("auth");
            line(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    s,
                    count(h),
                    p50p99(h),
                    stmts(h),
                    count(m),
                    p50p99(m),
                    stmts(m),
                    count(a),
                    stmts(a),
                    count(n)));
        }
        line("");

        // redis down
        Results.Scenario ord = r.scenario(Compare.OPTIMIZED, "redis-down");
        if (ord != null) {
            line("### Redis unavailable");
            line("");
            CompareResult.RedisOutage o = r.redisOutage();
            List<String> facts = new ArrayList<>();
            for (Results.HookEvent e : ord.hooks()) {
                facts.add(String.format(
                        Locale.ROOT,
                        "%s at %s s%s",
                        e.name(),
                        num(e.atSecond()),
                        e.ok() ? "" : " (FAILED: " + e.error() + ")"));
            }
            if (o != null) {
                if (o.degradedAfterKillSeconds() != null) {
                    facts.add("health `cache` DEGRADED " + num(o.degradedAfterKillSeconds()) + " s after the kill");
                }
                if (o.upAfterStartSeconds() != null) {
                    facts.add("UP again " + num(o.upAfterStartSeconds()) + " s after the new Redis answered PING");
                }
                if (o.note() != null) {
                    facts.add(o.note());
                }
            }
            line("Optimized: " + String.join("; ", facts) + ". Failed requests: " + ord.errors()
                    + (ord.errorKinds().isEmpty() ? "" : " " + ord.errorKinds()) + ". Requests/errors per second: "
                    + ord.timeline().stream()
                            .map(p -> p.requests() + (p.errors() > 0 ? "/**" + p.errors() + "**" : ""))
                            .collect(Collectors.joining(" "))
                    + ".");
            Results.Scenario brd = r.scenario(Compare.BASELINE, "redis-down");
            if (brd != null) {
                line("");
                line("Baseline has no Redis (no cache at any tier): the same mixed load ran with nothing to kill; "
                        + brd.errors() + " failed requests.");
            }
            line("");
        }

        // deep cursor
        if (r.deepCursor() != null && !r.deepCursor().isEmpty()) {
            line("### Deep cursor");
            line("");
            line(
                    "One user walks `GET /api/orders` of the biggest organization page by page (20 per page, keyset cursor, a unique "
                            + "upper bound so that no page comes from a cache), up to "
                            + r.settings().deepCursorPages() + " pages or "
                            + num(r.settings().deepCursorSeconds()) + " s per mode.");
            line("");
            line(
                    "| mode | pages walked | seconds | server p50 pages 1–10 | server p50 last 10 pages | client p50 pages 1–10 | client p50 last 10 | errors | note |");
            line("|---|--:|--:|--:|--:|--:|--:|--:|---|");
            for (CompareResult.DeepCursor d : r.deepCursor()) {
                line(String.format(
                        Locale.ROOT,
                        "| %s | %,d%s | %s | %s ms | %s ms | %s ms | %s ms | %d | %s |",
                        d.mode(),
                        d.pages(),
                        d.reachedEnd() ? " (end)" : "",
                        num(d.seconds()),
                        ms(d.firstPages()),
                        ms(d.lastPages()),
                        ms(d.firstPagesLatency()),
                        ms(d.lastPagesLatency()),
                        d.errors(),
                        d.note() == null ? "" : d.note()));
            }
            line("");
        }
    }

    /** The optimized details' misses by cause, when the run recorded them. */
    private void missCauses(Results.Scenario oh) {
        List<Results.Operation> details =
                oh.operations().stream().filter(o -> o.missCauses() != null).toList();
        if (details.isEmpty()) {
            return;
        }
        line("Optimized detail misses by cause, as the load saw them (its warm-up included): *first* = no earlier "
                + "response for that org and path; *own write* = the load wrote that row after the entry was filled; "
                + "*again, young* = filled less than "
                + MissCauses.REDIS_TTL_FLOOR_SECONDS
                + " s ago (inside Redis' 5-min TTL less its jitter) and not written by the load; *again, old* = "
                + "filled longer ago, may have expired.");
        line("");
        line("| operation | misses | first | own write | again, young | again, old |");
        line("|---|--:|--:|--:|--:|--:|");
        for (Results.Operation o : details) {
            var c = o.missCauses();
            line(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %,d | %,d | %,d | %,d |",
                    o.name(),
                    c.values().stream().mapToLong(Long::longValue).sum(),
                    c.getOrDefault(MissCauses.FIRST, 0L),
                    c.getOrDefault(MissCauses.OWN_WRITE, 0L),
                    c.getOrDefault(MissCauses.AGAIN_YOUNG, 0L),
                    c.getOrDefault(MissCauses.AGAIN_OLD, 0L)));
        }
        line("");
    }
}
