package dev.brisk.dashboard;

import dev.brisk.cache.CacheKey;
import dev.brisk.cache.CacheNamespace;
import dev.brisk.cache.Generations;
import dev.brisk.cache.TieredCache;
import dev.brisk.platform.BriskMode;
import java.time.Instant;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Serves dashboards: from the tiered cache ({@code dashboard:} namespace) when warm, else one call
 * of {@code get_dashboard_summary}. The key carries the org's dashboard generation, which every
 * refresh that touches the org renews, so a cached dashboard is never older than the views. In
 * baseline mode the numbers are computed live by subqueries, uncached, as the seed's "before" did.
 */
@Service
class DashboardService {

    private static final String RESOURCE = "summary";

    private final DashboardRepository repository;
    private final TieredCache cache;
    private final Generations generations;
    private final boolean baseline;

    DashboardService(DashboardRepository repository, TieredCache cache, Generations generations, Environment env) {
        this.repository = repository;
        this.cache = cache;
        this.generations = generations;
        this.baseline = BriskMode.of(env) == BriskMode.BASELINE;
    }

    /** The org's dashboard from the materialized views: one statement. */
    Dashboard load(long orgId) {
        return repository.fromViews(orgId);
    }

    /** The same numbers computed live from the business tables (baseline mode, tests). */
    Dashboard live(long orgId, Instant asOf) {
        return repository.live(orgId, asOf);
    }

    /** What the endpoint serves, with the age of the numbers at this moment. */
    Dashboard current(long orgId) {
        Instant now = Instant.now();
        if (baseline) {
            return live(orgId, now).servedAt(now);
        }
        CacheKey key = CacheKey.of(
                CacheNamespace.DASHBOARD, orgId, RESOURCE, generations.of(CacheNamespace.DASHBOARD, orgId, RESOURCE));
        return cache.get(key, Dashboard.class, () -> Optional.of(load(orgId)))
                .orElseThrow()
                .servedAt(now);
    }

    @EventListener
    void refreshed(DashboardRefreshed refreshed) {
        if (refreshed.all()) {
            generations.advanceAll(CacheNamespace.DASHBOARD, RESOURCE, refreshed.seq());
        } else {
            refreshed
                    .orgs()
                    .forEach(org -> generations.advance(CacheNamespace.DASHBOARD, org, RESOURCE, refreshed.seq()));
        }
    }
}
