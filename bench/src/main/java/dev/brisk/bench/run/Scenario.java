package dev.brisk.bench.run;

import java.util.Locale;

/** The seed's test scenarios plus the floor. */
public enum Scenario {

    /** The first N requests after start (caches cleared first): the warm mix, no warm-up, every latency kept. */
    COLD("cold", "first requests after start, caches cleared: warm mix, no warm-up"),
    /** A small hot set (dashboard, first pages, a few details) after a warm-up. */
    WARM("warm", "hot set (dashboard, first pages, hot details) after warm-up"),
    /** Many users, the fixed mixed workload: lists with filters and search, details, dashboard, writes. */
    HIGH_LOAD("high-load", "mixed workload: filtered lists, search, details, dashboard, 6 % writes"),
    /** Every request a new cache key: deep cursor walks, unique time bounds, unique searches. */
    CACHE_MISS("cache-miss", "unique keys: deep cursors, unique time bounds and searches"),
    /** The mixed workload while Redis is killed at 1/3 of the run and started again at 2/3. */
    REDIS_DOWN("redis-down", "mixed workload; Redis killed at 1/3, restarted at 2/3"),
    PG_RESTART("pg-restart", "mixed workload; PostgreSQL stopped at 1/3 (--stop-cmd), started at 2/3 (--start-cmd)"),
    /** GET /api/auth/me: the cheapest authenticated request of the same stack. */
    FLOOR("floor", "GET /api/auth/me, the trivial authenticated endpoint"),
    /** GET /api/dashboard only, after a warm-up: the cached dashboard, to hold against the floor. */
    DASHBOARD("dashboard", "GET /api/dashboard only, after warm-up");

    private final String id;
    private final String description;

    Scenario(String id, String description) {
        this.id = id;
        this.description = description;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** What "all" runs: every scenario but pg-restart, which stops a PostgreSQL and so runs only when named. */
    public static java.util.List<Scenario> all() {
        return java.util.Arrays.stream(values()).filter(s -> s != PG_RESTART).toList();
    }

    public static Scenario of(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Scenario s : values()) {
            if (s.id.equals(t)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scenario " + text
                + "; one of cold, warm, high-load, cache-miss, redis-down, pg-restart, floor, dashboard");
    }

    @Override
    public String toString() {
        return id;
    }
}
