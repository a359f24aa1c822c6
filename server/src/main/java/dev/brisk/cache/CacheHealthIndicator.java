package dev.brisk.cache;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code cache} health component: UP (Redis in use), DEGRADED (Redis configured but failing;
 * memory-only until it is back) or DISABLED (no Redis). The last two are ordered after UP in
 * {@code management.endpoint.health.status.order}, so Brisk as a whole stays UP in all three.
 * The details say whether Redis may evict keys ({@link EvictionCheck}).
 */
final class CacheHealthIndicator implements HealthIndicator {

    static final Status DEGRADED =
            new Status("DEGRADED", "Redis is failing: the cache runs memory-only until it is back");
    static final Status DISABLED = new Status("DISABLED", "No Redis configured: the cache runs memory-only");

    private final TieredCache cache;
    private final Generations generations;

    CacheHealthIndicator(TieredCache cache) {
        this(cache, null);
    }

    CacheHealthIndicator(TieredCache cache, Generations generations) {
        this.cache = cache;
        this.generations = generations;
    }

    @Override
    public Health health() {
        Status status = switch (cache.redisStatus()) {
            case UP -> Status.UP;
            case DEGRADED -> DEGRADED;
            case DISABLED -> DISABLED;
        };
        Health.Builder health = Health.status(status).withDetails(cache.redisDetails());
        if (generations != null && cache.redisStatus() != RedisStatus.DISABLED) {
            // whether Redis may evict the shared generations (then missing ones are not trusted)
            health.withDetail("eviction", generations.eviction().details());
        }
        return health.build();
    }
}
