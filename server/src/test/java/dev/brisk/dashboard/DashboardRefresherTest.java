package dev.brisk.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.platform.DatabaseChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The debounce rules, without a database (times are far from every edge). */
class DashboardRefresherTest {

    final DashboardProperties props = new DashboardProperties(
            Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofMinutes(1), true);
    final List<Object> published = new ArrayList<>();
    final DashboardRefresher refresher =
            new DashboardRefresher(null, null, props, published::add, new SimpleMeterRegistry());

    @Test
    void aChangeIsRefreshedOnceWritesPauseForTheMinimumInterval() {
        Instant t0 = Instant.now();
        refresher.on(new DatabaseChange("orders", Set.of(1L), Set.of(), false, 7));
        assertThat(refresher.due(t0.plusMillis(500))).isNull();
        assertThat(refresher.due(t0.plusSeconds(3))).isEqualTo("changes");
    }

    @Test
    void steadyWritesAreRefreshedAtTheMaximumDelay() {
        Instant t0 = Instant.now();
        refresher.on(new DatabaseChange("order_items", Set.of(1L), Set.of(), false, 7));
        // the latest change is always "just now": never quiet, so only the maximum delay fires
        assertThat(refresher.due(Instant.now().plusMillis(500))).isNull();
        assertThat(refresher.due(t0.plusSeconds(11))).isEqualTo("changes");
    }

    @Test
    void unrelatedTablesAreIgnoredAndGapsMarkEverything() {
        Instant t0 = Instant.now();
        refresher.on(new DatabaseChange("users", Set.of(1L), Set.of(1L), false, 7));
        refresher.on(new DatabaseChange("sessions", Set.of(1L), Set.of(1L), false, 7));
        assertThat(refresher.status().pendingOrgs()).isZero();
        assertThat(refresher.status().pendingAll()).isFalse();
        // nothing pending: only the timer is due, after the interval
        assertThat(refresher.due(t0.plusSeconds(3))).isEqualTo("timer"); // never refreshed yet
        refresher.on(DatabaseChange.gap());
        assertThat(refresher.status().pendingAll()).isTrue();
        assertThat(refresher.due(t0.plusSeconds(3))).isEqualTo("gap");
    }

    @Test
    void aNewUtcDateRefreshesAtOnceBecauseTheWindowsMoved() {
        Instant t0 = Instant.now();
        refresher.refreshed(t0.atOffset(java.time.ZoneOffset.UTC).toLocalDate());
        assertThat(refresher.due(t0.plusSeconds(1))).isNotEqualTo("date");
        Instant nextMidnight = t0.atOffset(java.time.ZoneOffset.UTC)
                .toLocalDate()
                .plusDays(1)
                .atStartOfDay(java.time.ZoneOffset.UTC)
                .toInstant();
        assertThat(refresher.due(nextMidnight.plusMillis(1))).isEqualTo("date");
    }

    @Test
    void theRefreshAnnouncementBecomesADashboardRefreshedEvent() {
        refresher.on(new DatabaseChange("dashboard_summary", Set.of(4L, 5L), Set.of(), false, 7));
        assertThat(published).singleElement().isEqualTo(new DashboardRefreshed(Set.of(4L, 5L), false, 7));
        assertThat(refresher.status().pendingOrgs()).isZero();
    }
}
