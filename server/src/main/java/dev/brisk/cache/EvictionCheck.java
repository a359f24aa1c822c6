package dev.brisk.cache;

import dev.brisk.cache.internal.RedisTier;
import java.util.Locale;
import java.util.Map;

/**
 * Whether Redis may evict keys under memory pressure ({@code INFO memory}: {@code maxmemory} and
 * {@code maxmemory_policy}). The shared generations are the source of truth for every node: if
 * Redis evicted one while the entries it guards stayed, a node that reads it later would take the
 * missing key for "never changed" and serve those entries. So a missing generation is trusted
 * only when Redis cannot evict ({@code maxmemory 0}, or policy {@code noeviction}); otherwise,
 * and until the policy is known, {@link Generations} uses a token of its own for it (misses
 * only). The result is reported in the {@code cache} health details.
 */
final class EvictionCheck {

    private final RedisTier redis;
    private volatile String policy = "unknown";
    private volatile long maxmemory = -1;
    private volatile boolean safe;
    private volatile boolean known;

    EvictionCheck(RedisTier redis) {
        this.redis = redis;
    }

    /** Asks Redis; on failure keeps the last answer (unknown at first: not safe). */
    void check() {
        if (redis == null) {
            return;
        }
        try {
            apply(redis.info("memory"));
        } catch (RedisTier.Unavailable e) {
            // keep what we knew; Generations asks again when Redis is back
        }
    }

    void apply(String info) {
        String p = "unknown";
        long max = -1;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("maxmemory_policy:")) {
                p = line.substring("maxmemory_policy:".length()).strip().toLowerCase(Locale.ROOT);
            } else if (line.startsWith("maxmemory:")) {
                max = Long.parseLong(line.substring("maxmemory:".length()).strip());
            }
        }
        policy = p;
        maxmemory = max;
        safe = max == 0 || "noeviction".equals(p);
        known = true;
    }

    /** A key Redis does not hold was never written (or expired): Redis cannot have evicted it. */
    boolean missingMeansNeverSet() {
        if (!known) {
            check(); // first use: on a request thread, which may wait for one command
        }
        return safe;
    }

    /** For the health details. */
    Map<String, Object> details() {
        return Map.of(
                "maxmemoryPolicy",
                policy,
                "maxmemory",
                maxmemory,
                "generations",
                known ? (safe ? "shared" : "node-local when missing (Redis may evict)") : "unknown");
    }

    String policy() {
        return policy;
    }

    long maxmemory() {
        return maxmemory;
    }
}
