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
    String endpoint = "unmapped";
    int statements;
    long dbNanos;
    final Map<String, Integer> fingerprints = new HashMap<>();
    private String cacheOutcome;

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
     * Records which cache tier answered (e.g. {@code memo}, {@code local}, {@code redis},
     * {@code miss}); the first outcome of a request is the one reported.
     */
    public void cacheOutcome(String outcome) {
        if (cacheOutcome == null) {
            cacheOutcome = outcome;
        }
    }

    String cacheOutcome() {
        return cacheOutcome;
    }

    void recordStatement(String fingerprint, long nanos) {
        statements++;
        dbNanos += nanos;
        fingerprints.merge(fingerprint, 1, Integer::sum);
    }

    String serverTiming() {
        StringBuilder header = new StringBuilder(96)
                .append("db;dur=").append(millis(dbNanos))
                .append(", db-statements;desc=\"").append(statements).append('"');
        if (cacheOutcome != null) {
            header.append(", cache;desc=\"").append(cacheOutcome).append('"');
        }
        return header.append(", total;dur=").append(millis(System.nanoTime() - startNanos)).toString();
    }

    private static String millis(long nanos) {
        return Long.toString(nanos / 1_000_000) + '.' + String.format("%03d", (nanos / 1_000) % 1_000);
    }
}
