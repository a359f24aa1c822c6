package dev.brisk.dashboard;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Freshness as gauges, for alerts and the Grafana dashboard: {@code brisk_dashboard_age_seconds} (age of the
 * numbers served, cluster-wide: it grows to the timer interval when nothing changes) and
 * {@code brisk_dashboard_pending_seconds} (how long the oldest change this node saw has waited for a
 * refresh; 0 when none waits: what "staleness after a write" means). The status costs one small query, so a
 * scrape reuses one at most {@link #MAX_AGE} old.
 */
@Component
class DashboardMeters {

    static final Duration MAX_AGE = Duration.ofSeconds(5);

    private final DashboardRefresher refresher;
    private volatile DashboardRefresher.RefreshStatus status;
    private volatile long readAt;

    DashboardMeters(DashboardRefresher refresher, MeterRegistry registry) {
        this.refresher = refresher;
        Gauge.builder("brisk.dashboard.age", this, DashboardMeters::age)
                .baseUnit("seconds")
                .description("Age of the dashboard numbers (time since the views were last refreshed)")
                .register(registry);
        Gauge.builder("brisk.dashboard.pending", this, DashboardMeters::pending)
                .baseUnit("seconds")
                .description("How long the oldest change not yet refreshed has waited (0: none)")
                .register(registry);
    }

    private DashboardRefresher.RefreshStatus status() {
        long now = System.nanoTime();
        DashboardRefresher.RefreshStatus s = status;
        if (s == null || now - readAt > MAX_AGE.toNanos()) {
            s = refresher.status();
            status = s;
            readAt = now;
        }
        return s;
    }

    private double age() {
        Double staleness = status().stalenessSeconds();
        return staleness == null ? Double.NaN : staleness;
    }

    private double pending() {
        Instant first = status().pendingSince();
        return first == null
                ? 0
                : Math.max(0, Duration.between(first, Instant.now()).toMillis() / 1000.0);
    }
}
