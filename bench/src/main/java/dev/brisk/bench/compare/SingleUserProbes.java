package dev.brisk.bench.compare;

import static dev.brisk.bench.run.Rounding.round3;

import dev.brisk.bench.run.Api;
import dev.brisk.bench.run.ServerTiming;
import dev.brisk.datagen.Generator;
import dev.brisk.datagen.Logins;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The single-user measurements of a compare run, one mode at a time: the deep cursor walk (page 1
 * against page N of GET /api/orders) and the dashboard alone (one organization after the other,
 * uncached, then once more cached on the optimized server).
 */
final class SingleUserProbes {

    private final CompareConfig config;
    private final PrintStream log;

    SingleUserProbes(CompareConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    CompareResult.DeepCursor deepCursor(String mode, BriskServer brisk) {
        Duration limit = config.deepCursorTime();
        log.printf(
                Locale.ROOT,
                "[%s] deep cursor: GET /api/orders page by page, up to %d pages or %s%n",
                mode,
                config.deepCursorPages(),
                limit);
        // a unique upper bound: no page of this walk can come from a cache
        String createdTo = Instant.now()
                .plus(1, ChronoUnit.DAYS)
                .plusNanos(System.nanoTime() % 1_000_000 * 1000)
                .toString();
        String first = "/api/orders?limit=20&createdTo=" + URLEncoder.encode(createdTo, StandardCharsets.UTF_8);
        List<Double> server = new ArrayList<>();
        List<Double> latency = new ArrayList<>();
        long errors = 0;
        boolean end = false;
        String note = null;
        long t0 = System.nanoTime();
        try (Api api = new Api(brisk.baseUrl(), config.timeout())) {
            Api.Response[] failure = new Api.Response[1];
            String token = api.login(Logins.userEmail(1, false), Generator.PASSWORD, failure);
            if (token == null) {
                return new CompareResult.DeepCursor(
                        mode,
                        first,
                        0,
                        false,
                        0,
                        0,
                        0,
                        0,
                        0,
                        1,
                        "login failed: " + (failure[0] == null ? "no response" : failure[0].errorKind()));
            }
            String path = first;
            long deadline = System.nanoTime() + limit.toNanos();
            while (server.size() < config.deepCursorPages() && System.nanoTime() < deadline) {
                Api.Response r = api.get(path, token);
                if (!r.ok()) {
                    errors++;
                    note = "page " + (server.size() + 1) + ": " + r.errorKind();
                    break;
                }
                ServerTiming t = r.timing();
                server.add(Double.isNaN(t.totalMillis()) ? 0 : t.totalMillis());
                latency.add((r.endNanos() - r.startNanos()) / 1e6);
                var json = r.json();
                String cursor = json == null || !json.hasNonNull("nextCursor")
                        ? null
                        : json.get("nextCursor").asText();
                if (cursor == null) {
                    end = true;
                    break;
                }
                path = first + "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            }
        }
        double seconds = Machine.round2((System.nanoTime() - t0) / 1e9);
        int pages = server.size();
        if (note == null && !end && pages < config.deepCursorPages()) {
            note = "time limit reached at page " + pages;
        }
        log.printf(
                Locale.ROOT,
                "  %d pages in %.1f s, server p50 pages 1-10 %.2f ms, last 10 %.2f ms%n",
                pages,
                seconds,
                median(server, true),
                median(server, false));
        return new CompareResult.DeepCursor(
                mode,
                first,
                pages,
                end,
                seconds,
                median(server, true),
                median(server, false),
                median(latency, true),
                median(latency, false),
                errors,
                note);
    }

    CompareResult.DashboardAlone dashboardAlone(String mode, BriskServer brisk, int orgs) {
        Duration limit = config.dashboardAloneTime();
        boolean optimized = mode.equals(Compare.OPTIMIZED);
        log.printf(
                Locale.ROOT,
                "[%s] dashboard alone: one user, organizations 1..%d, up to %s%s%n",
                mode,
                orgs,
                limit,
                optimized ? ", dashboard cache cleared before each" : "");
        List<Integer> asked = new ArrayList<>();
        List<Double> uncached = new ArrayList<>();
        List<Double> uncachedLatency = new ArrayList<>();
        List<Double> cached = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        long errors = 0;
        String note = null;
        long t0 = System.nanoTime();
        long deadline = t0 + limit.toNanos();
        try (Api api = new Api(brisk.baseUrl(), config.timeout())) {
            String admin = optimized ? api.login(Generator.OPERATOR_EMAIL, Generator.PASSWORD, null) : null;
            if (optimized && admin == null) {
                note = "operator login failed: cannot clear the dashboard cache";
            }
            for (int org = 1; org <= orgs && System.nanoTime() < deadline && note == null; org++) {
                String token = api.login(Logins.userEmail(org, false), Generator.PASSWORD, null);
                if (token == null) {
                    errors++;
                    note = "login as " + Logins.userEmail(org, false) + " failed";
                    break;
                }
                if (optimized) {
                    Api.Response c = api.send(
                            "POST", "/api/monitoring/performance?action=clear-cache&prefix=dashboard%3A", admin, null);
                    if (!c.ok()) {
                        note = "clear-cache answered " + c.errorKind();
                        break;
                    }
                }
                Api.Response first = api.get("/api/dashboard", token);
                if (!first.ok()) {
                    errors++;
                    note = "organization " + org + ": " + first.errorKind();
                    continue;
                }
                asked.add(org);
                uncached.add(serverMillis(first));
                uncachedLatency.add(round3((first.endNanos() - first.startNanos()) / 1e6));
                outcomes.add(first.timing().cache());
                if (optimized) {
                    Api.Response second = api.get("/api/dashboard", token);
                    cached.add(second.ok() ? serverMillis(second) : null);
                }
            }
        }
        double seconds = Machine.round2((System.nanoTime() - t0) / 1e9);
        if (note == null && asked.size() < orgs) {
            note = "time limit reached after " + asked.size() + " of " + orgs + " organizations";
        }
        log.printf(
                Locale.ROOT,
                "  %d organizations in %.1f s, uncached server time %s ms%n",
                asked.size(),
                seconds,
                uncached);
        return new CompareResult.DashboardAlone(
                mode, asked, uncached, uncachedLatency, optimized ? cached : null, outcomes, seconds, errors, note);
    }

    private static double serverMillis(Api.Response r) {
        double t = r.timing().totalMillis();
        return Double.isNaN(t) ? -1 : round3(t);
    }

    /** Median of the first (or last) ten values. */
    private static double median(List<Double> values, boolean first) {
        return round3(first ? Median.ofFirst(values, 10) : Median.ofLast(values, 10));
    }
}
