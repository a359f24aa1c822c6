package dev.brisk.cache;

import java.util.Map;

/**
 * A snapshot of the engine's counters since start or the last {@link TieredCache#resetStats()}.
 *
 * @param namespaces per namespace
 * @param redis      the Redis tier's status
 * @param breaker    the circuit breaker's state ({@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, or {@code NONE} without Redis)
 */
public record CacheStats(Map<CacheNamespace, Namespace> namespaces, RedisStatus redis, String breaker) {

    /** The tiers, in the order a read tries them. */
    public enum Tier {
        MEMO,
        LOCAL,
        REDIS
    }

    /**
     * One namespace.
     *
     * @param requests    reads ({@code get}) asked of the engine
     * @param hitRate     share of requests answered by a tier: neither by the loader nor left unanswered
     *                    (a lookup without loader that no tier could answer) (0..1; 0 with no requests)
     * @param tiers       hits and misses per tier
     * @param loads       loader runs
     * @param loadNanos   total time in the loader
     * @param loadErrors  loader runs that threw
     * @param redisReads  answered Redis reads (hits and misses)
     * @param redisReadNanos total round-trip time of those reads
     * @param redisErrors failed Redis commands and unreadable Redis entries
     * @param redisSkips  reads that skipped Redis because it was unavailable (breaker open, not connected)
     * @param evictions   entries removed from this process by explicit evictions, other nodes, size and expiry
     * @param localSize   entries now in this process's tier (approximate)
     */
    public record Namespace(
            long requests,
            double hitRate,
            Map<Tier, TierStats> tiers,
            long loads,
            long loadNanos,
            long loadErrors,
            long redisReads,
            long redisReadNanos,
            long redisErrors,
            long redisSkips,
            long evictions,
            long localSize) {

        /** Mean loader time in milliseconds (0 with no loads). */
        public double meanLoadMillis() {
            return loads == 0 ? 0 : loadNanos / 1e6 / loads;
        }

        /** Mean Redis read round trip in milliseconds (0 with no reads). */
        public double meanRedisReadMillis() {
            return redisReads == 0 ? 0 : redisReadNanos / 1e6 / redisReads;
        }
    }

    /** Hits and misses of one tier; {@code hitRate} is hits / (hits + misses), 0 when there were none. */
    public record TierStats(long hits, long misses, double hitRate) {}
}
