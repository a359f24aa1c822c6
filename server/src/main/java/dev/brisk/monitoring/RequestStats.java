package dev.brisk.monitoring;

import java.util.HashMap;
import java.util.Map;

/**
 * What one HTTP request did in the database, collected on the request's own thread. Everything
 * else in Brisk only reads it through {@link #current()}, which is null outside a request.
 */
public final class RequestStats {

    private static final ThreadLocal<RequestStats> CURRENT = new ThreadLocal<>();

    final String requestId;
    final long startNanos = System.nanoTime();
    /** Until a handler's route pattern names it, a fixed bucket: never the raw URL. */
    String endpoint = RouteMonitor.UNMATCHED;
    /** True once {@link RouteMonitor} named the request after a matched route pattern. */
    boolean routed;

    int statements;
    long dbNanos;
    final Map<String, Integer> fingerprints = new HashMap<>();
    private Map<String, String> cacheOutcomes;

    RequestStats(String requestId) {
        this.requestId = requestId;
    }

    public static RequestStats current() {
        return CURRENT.get();
    }

    static RequestStats open(String requestId) {
        RequestStats stats = new RequestStats(requestId);
        CURRENT.set(stats);
        return stats;
    }

    static void close() {
        CURRENT.remove();
    }

    /** Statements issued so far by this request. */
    public int statements() {
        return statements;
    }

    /**
     * Records which tier answered a cache read in {@code namespace}: {@code memo}, {@code local},
     * {@code redis} or {@code miss}. The last read per namespace is the one reported.
     */
    public void cacheOutcome(String namespace, String tier) {
        if (cacheOutcomes == null) {
            cacheOutcomes = new java.util.LinkedHashMap<>(4);
        }
        cacheOutcomes.put(namespace, tier);
    }

    /** {@code auth=local api=redis}, or null when the request read no cache. */
    String cacheOutcome() {
        if (cacheOutcomes == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        cacheOutcomes.forEach((ns, tier) ->
                text.append(text.isEmpty() ? "" : " ").append(ns).append('=').append(tier));
        return text.toString();
    }

    void recordStatement(String fingerprint, long nanos) {
        statements++;
        dbNanos += nanos;
        fingerprints.merge(fingerprint, 1, Integer::sum);
    }

    String serverTiming() {
        StringBuilder header = new StringBuilder(96)
                .append("db;dur=")
                .append(millis(dbNanos))
                .append(", db-statements;desc=\"")
                .append(statements)
                .append('"');
        String cache = cacheOutcome();
        if (cache != null) {
            header.append(", cache;desc=\"").append(cache).append('"');
        }
        return header.append(", total;dur=")
                .append(millis(System.nanoTime() - startNanos))
                .toString();
    }

    /** Milliseconds with three decimals, without String.format (its parsing cost 3-5 % of a cached hit). */
    static String millis(long nanos) {
        long micros = (nanos / 1_000) % 1_000;
        return Long.toString(nanos / 1_000_000) + (micros < 10 ? ".00" : micros < 100 ? ".0" : ".") + micros;
    }
}
