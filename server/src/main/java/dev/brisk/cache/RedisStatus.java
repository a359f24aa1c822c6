package dev.brisk.cache;

/** How the Redis tier is doing, as the {@code cache} health component reports it. */
public enum RedisStatus {
    /** Redis is connected and the breaker is closed: all three tiers in use. */
    UP,
    /** Redis is configured but failing, unreachable or still connecting: memory-only until it is back. */
    DEGRADED,
    /** No Redis configured, or {@code REDIS_HOST=disabled}: memory-only by choice. */
    DISABLED
}
