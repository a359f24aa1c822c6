package dev.brisk.demo;

import dev.brisk.dashboard.DashboardRefresher;
import dev.brisk.platform.BriskMode;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo data at start-up when {@code brisk.demo.seed} is on. Runners run after Flyway and
 * before the application reports itself ready, so the readiness probe only turns green (and the
 * start-up banner only appears) once the data is there.
 */
@Component
class DemoRunner implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoRunner.class);
    private static final int REFRESH_ATTEMPTS = 30;

    private final DemoSeeder seeder;
    private final DemoProperties properties;
    private final DashboardRefresher refresher;
    private final boolean baseline;

    DemoRunner(DemoSeeder seeder, DemoProperties properties, DashboardRefresher refresher, Environment env) {
        this.seeder = seeder;
        this.properties = properties;
        this.refresher = refresher;
        this.baseline = BriskMode.of(env) == BriskMode.BASELINE;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.seed() && seeder.seed(Instant.now()).isPresent() && !baseline) {
            refreshDashboard();
        }
    }

    /**
     * The views must show the seed before the node reports ready (a dashboard of 0 customers
     * otherwise); another node refreshing at the same time (SKIPPED) or a failure means once more.
     */
    private void refreshDashboard() {
        for (int attempt = 1; attempt <= REFRESH_ATTEMPTS; attempt++) {
            if (refresher.refreshNow("seed") == DashboardRefresher.Outcome.REFRESHED) {
                return;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.warn("Dashboard views not refreshed after the demo seed; the refresher will catch up");
    }
}
