package dev.brisk.dashboard;

import dev.brisk.monitoring.PerformanceContributor;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@code dashboard} section of the performance report: view freshness and refresh history. */
@Component
class DashboardPerformance implements PerformanceContributor {

    private final DashboardRefresher refresher;

    DashboardPerformance(DashboardRefresher refresher) {
        this.refresher = refresher;
    }

    @Override
    public String name() {
        return "dashboard";
    }

    @Override
    public Object snapshot() {
        return refresher.status();
    }

    @Override
    public Map<String, Double> live() {
        Double staleness = refresher.status().stalenessSeconds();
        return staleness == null ? Map.of() : Map.of("dashboard.stalenessSeconds", staleness);
    }
}
