package dev.brisk.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.dashboard.DashboardRefresher.Outcome;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** The refresher's cluster behaviour: one refresh at a time, failures keep the last good data. */
@BriskIntegrationTest
class DashboardRefresherIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    DashboardRefresher refresher;

    @Autowired
    DashboardRepository repository;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    DashboardProperties props;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    MeterRegistry registry;

    @Autowired
    ApplicationContext applicationContext;

    /** A second node's refresher: same database, its own state, no scheduler. */
    DashboardRefresher otherNode() {
        return new DashboardRefresher(jdbc, transactions, props, events, new SimpleMeterRegistry());
    }

    void refreshed() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> refresher.refreshNow("test") == Outcome.REFRESHED);
    }

    record LogRow(OffsetDateTime startedAt, long durationMs, String reason) {}

    @Test
    void twoNodesRefreshingAtOnceNeverOverlap() throws Exception {
        var org = fixtures.org();
        new DashboardData(fixtures.jdbc(), org.id()).random(7, 150); // make a refresh take a little while
        OffsetDateTime since =
                jdbc.sql("SELECT clock_timestamp()").query(OffsetDateTime.class).single();
        String tag = "overlap-" + UUID.randomUUID();
        List<DashboardRefresher> nodes = List.of(refresher, otherNode());
        int rounds = 8;
        CyclicBarrier barrier = new CyclicBarrier(nodes.size());
        List<Outcome> outcomes = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (DashboardRefresher node : nodes) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    outcomes.add(node.refreshNow(tag));
                }
            }));
        }
        for (Thread t : threads) {
            t.join(Duration.ofMinutes(2));
            assertThat(t.isAlive()).isFalse();
        }

        assertThat(outcomes).hasSize(rounds * nodes.size()).doesNotContain(Outcome.FAILED);
        List<LogRow> runs =
                jdbc.sql("""
                SELECT started_at, duration_ms, reason FROM dashboard_refresh_log
                WHERE success AND started_at >= :since ORDER BY started_at
                """).param("since", since).query(LogRow.class).list();
        assertThat(runs.stream().filter(r -> r.reason().equals(tag))).hasSize((int)
                outcomes.stream().filter(o -> o == Outcome.REFRESHED).count());
        // every successful refresh in the period, this test's or the scheduler's, ran alone
        for (int i = 1; i < runs.size(); i++) {
            LogRow previous = runs.get(i - 1);
            assertThat(runs.get(i).startedAt())
                    .as("refresh %s started before %s ended", runs.get(i), previous)
                    .isAfterOrEqualTo(previous.startedAt().plus(Duration.ofMillis(previous.durationMs())));
        }
    }

    @Test
    void aFailedRefreshKeepsTheLastGoodNumbersAndIsLoggedAndCounted() {
        var org = fixtures.org();
        var data = new DashboardData(fixtures.jdbc(), org.id());
        long c = data.customer("Whale");
        data.order(c, "PAID", 1_000, Instant.now(), false);
        refreshed();
        assertThat(repository.fromViews(org.id()).revenue().last30Days()).isEqualTo(1_000);

        // two orders whose sum overflows bigint: every refresh fails until they are gone
        long huge1 = data.order(c, "PAID", 5_000_000_000_000_000_000L, Instant.now(), false);
        long huge2 = data.order(c, "PAID", 5_000_000_000_000_000_000L, Instant.now(), false);
        double failuresBefore =
                registry.get("brisk.dashboard.refresh.failures").counter().count();
        String tag = "failure-" + UUID.randomUUID();
        try {
            DashboardRefresher node = otherNode();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> node.refreshNow(tag) == Outcome.FAILED);
            assertThat(node.status().nodeLastOutcome()).isEqualTo(Outcome.FAILED);
            assertThat(node.status().nodeLastError()).contains("out of range");
            assertThat(node.status().nodeFailures()).isEqualTo(1);
            assertThat(refresher.refreshNow("test")).isIn(Outcome.FAILED, Outcome.SKIPPED);
            assertThat(registry.get("brisk.dashboard.refresh.failures")
                            .counter()
                            .count())
                    .isGreaterThan(failuresBefore);

            var logged = jdbc.sql("SELECT success, error FROM dashboard_refresh_log WHERE reason = :tag")
                    .param("tag", tag)
                    .query()
                    .singleRow();
            assertThat(logged.get("success")).isEqualTo(false);
            assertThat((String) logged.get("error")).contains("out of range");
            // readers still get the last good numbers
            assertThat(repository.fromViews(org.id()).revenue().last30Days()).isEqualTo(1_000);
        } finally {
            jdbc.sql("DELETE FROM orders WHERE id IN (:ids)")
                    .param("ids", List.of(huge1, huge2))
                    .update();
        }
        refreshed();
        assertThat(repository.fromViews(org.id()).revenue().last30Days()).isEqualTo(1_000);
        assertThat(refresher.status().nodeLastOutcome()).isEqualTo(Outcome.REFRESHED);
    }

    @Test
    void statusReportsTheLastRefreshAndStaleness() {
        refreshed();
        var status = refresher.status();
        assertThat(status.asOf()).isNotNull();
        assertThat(status.stalenessSeconds()).isBetween(0.0, 60.0);
        assertThat(status.lastRefreshStartedAt()).isNotNull();
        assertThat(status.lastRefreshDurationMs()).isNotNull().isNotNegative();
        assertThat(status.nodeLastOutcome()).isEqualTo(Outcome.REFRESHED);
        assertThat(status.nodeRefreshes()).isPositive();
        assertThat(registry.get("brisk.dashboard.refresh").timer().count()).isPositive();
    }

    @Test
    void everyNodeHearsARefreshAsAnEventNamingTheChangedOrgs() {
        var org = fixtures.org();
        var other = fixtures.org();
        var recorder = new CopyOnWriteArrayList<DashboardRefreshed>();
        var context = (ConfigurableApplicationContext) applicationContext;
        var listener = ApplicationListener.<DashboardRefreshed>forPayload(recorder::add);
        context.addApplicationListener(listener);
        try {
            new DashboardData(fixtures.jdbc(), org.id()).customer("Announced");
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(recorder)
                            .anySatisfy(e -> assertThat(e.affects(org.id())).isTrue()));
            assertThat(recorder).anySatisfy(e -> {
                assertThat(e.affects(org.id())).isTrue();
                assertThat(e.all() || !e.affects(other.id())).isTrue();
            });
        } finally {
            context.removeApplicationListener(listener);
        }
    }
}
