package dev.brisk.dashboard;

import java.time.Instant;
import org.springframework.stereotype.Service;

/**
 * Serves dashboards. {@link #load} is the unit a cache wraps (its result depends only on the org
 * and the views, and changes when {@link DashboardRefreshed} names the org); {@link #current}
 * adds the age of the numbers at the moment they are served.
 */
@Service
class DashboardService {

    private final DashboardRepository repository;

    DashboardService(DashboardRepository repository) {
        this.repository = repository;
    }

    /** The org's dashboard from the materialized views: one statement. */
    Dashboard load(long orgId) {
        return repository.fromViews(orgId);
    }

    /** The same numbers computed live from the business tables (baseline mode, tests). */
    Dashboard live(long orgId, Instant asOf) {
        return repository.live(orgId, asOf);
    }

    Dashboard current(long orgId) {
        return load(orgId).servedAt(Instant.now());
    }
}
