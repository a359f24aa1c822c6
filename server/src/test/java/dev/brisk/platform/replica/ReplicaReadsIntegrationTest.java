package dev.brisk.platform.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.stalecheck.StaleReadReport;
import dev.brisk.support.Api;
import dev.brisk.support.Cleanup;
import dev.brisk.support.Fixtures;
import dev.brisk.support.Node;
import dev.brisk.support.StaleReadsDuring;
import dev.brisk.support.StreamingReplica;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real primary and streaming replica made by the test ({@link StreamingReplica}), and a Brisk node on
 * them: reads go to the replica once it has caught up; with replay paused, the writer and everybody else
 * read the change from the primary (WAL positions); the replica killed under load, with the stale-read
 * checker running through two nodes, costs no request and serves no stale read.
 */
class ReplicaReadsIntegrationTest {

    private static StreamingReplica pg;
    private static Node node;
    private static Fixtures.Org org;
    private static String operator; // health details and metrics are the platform operator's

    @BeforeAll
    static void start() {
        pg = StreamingReplica.start();
        node = Node.start(Map.of("spring.datasource.url", pg.primaryUrl(), "brisk.replicas.urls", pg.replicaUrl()));
        org = node.fixtures().org();
        operator = node.fixtures().operator();
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(node, pg);
    }

    @Test
    void aPausedReplicaServesNoReadOlderThanAWriteTheNodeKnowsOf() {
        Api api = node.api();
        long id = node.fixtures()
                .create(org.admin(), "/api/customers", Map.of("name", "before pause", "status", "ACTIVE"));
        awaitReadsOnTheReplica(org.member(), "/api/customers/" + id);

        pg.pauseReplay();
        try {
            assertThat(api.patch(org.admin(), "/api/customers/" + id, "{\"name\":\"after pause\"}")
                            .status())
                    .isEqualTo(200);
            // the writer reads its write at once, though the replica has not got it
            assertThat(api.get(org.admin(), "/api/customers/" + id)
                            .json()
                            .get("name")
                            .asString())
                    .isEqualTo("after pause");
            assertThat(pg.replicaQuery("SELECT name FROM customers WHERE id = " + id))
                    .isEqualTo("before pause");

            // another user of the org, once this node has heard the change, never reads the replica's older row
            await(() -> "after pause"
                    .equals(api.get(org.member(), "/api/customers/" + id)
                            .json()
                            .get("name")
                            .asString()));
            // a change made with psql on the primary, heard through LISTEN, gates the replica the same way
            pg.primarySql("UPDATE customers SET name = 'by psql' WHERE id = " + id);
            await(() -> "by psql"
                    .equals(api.get(org.member(), "/api/customers/" + id)
                            .json()
                            .get("name")
                            .asString()));
            double toReplica = reads("replica");
            for (int i = 0; i < 20; i++) {
                String path = i % 2 == 0 ? "/api/customers/" + id : "/api/customers?limit=" + (i + 1);
                Api.Response r = api.get(org.member(), path);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.body()).contains("by psql");
            }
            assertThat(reads("replica"))
                    .as("reads sent to a replica whose replay is paused behind a heard change")
                    .isEqualTo(toReplica);
            assertThat(reads("primary-behind")).isPositive();
        } finally {
            pg.resumeReplay();
        }
        pg.awaitCaughtUp();
        awaitReadsOnTheReplica(org.member(), "/api/customers/" + id);
        assertThat(api.get(org.admin(), "/api/customers/" + id)
                        .json()
                        .get("name")
                        .asString())
                .isEqualTo("by psql");
    }

    @Test
    void theReplicaKilledUnderLoadFailsNoRequest() throws Exception {
        // caches off: every request, its authentication included, reads the database
        try (Node uncached = Node.start(Map.of(
                "spring.datasource.url",
                pg.primaryUrl(),
                "brisk.replicas.urls",
                pg.replicaUrl(),
                "brisk.cache.enabled",
                "false"))) {
            Api api = uncached.api();
            long id = uncached.fixtures()
                    .create(org.admin(), "/api/customers", Map.of("name", "load", "status", "ACTIVE"));
            pg.awaitCaughtUp();
            List<String> paths = List.of(
                    "/api/customers",
                    "/api/customers/" + id,
                    "/api/orders",
                    "/api/products",
                    "/api/dashboard",
                    "/api/auth/me",
                    "/api/invoices");
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            Map<String, Integer> failures = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> load = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                load.add(pool.submit(() -> {
                    while (running.get()) {
                        String path = paths.get(ThreadLocalRandom.current().nextInt(paths.size()));
                        String token = ThreadLocalRandom.current().nextBoolean() ? org.admin() : org.member();
                        try {
                            Api.Response r = api.get(token, path);
                            if (r.status() == 200) {
                                ok.incrementAndGet();
                            } else {
                                failures.merge(path + " " + r, 1, Integer::sum);
                            }
                        } catch (RuntimeException e) {
                            failures.merge(path + " " + e, 1, Integer::sum);
                        }
                    }
                }));
            }
            MeterRegistry meters = uncached.bean(MeterRegistry.class);
            await(() -> reads(meters, "replica") > 50);
            int underway = ok.get();
            await(() -> ok.get() > underway + 50); // the load is running on the replica when it dies
            StaleReadReport report;
            // and the stale-read checker writes and reads through both nodes (one cached, one not) meanwhile
            try (StaleReadsDuring check =
                    StaleReadsDuring.start(List.of(node.baseUrl(), uncached.baseUrl()), pg.primaryUrl())) {
                pg.killReplica();
                try {
                    int afterKill = ok.get();
                    await(() -> ok.get() > afterKill + 50); // answered after the kill
                    check.awaitMoreWrites(10);
                    assertThat(health(api)).isEqualTo("DEGRADED");
                } finally {
                    pg.startReplica();
                }
                double onReplica = reads(meters, "replica");
                await(() -> reads(meters, "replica") > onReplica + 20);
                check.awaitMoreWrites(50); // with reads back on the replica
                report = check.finish();
            }
            running.set(false);
            for (Future<?> f : load) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertThat(failures)
                    .as("failed requests (of %d answered)", ok.get())
                    .isEmpty();
            StaleReadsDuring.assertNoFailureAndNoStaleRead(report);
            assertThat(reads(meters, "primary-after-failure") + reads(meters, "primary-unavailable"))
                    .isPositive();
            await(() -> "UP".equals(health(api)));
        }
    }

    @Test
    void replicaLagIsAMetricAndAHealthDetail() {
        pg.awaitCaughtUp();
        Api api = node.api();
        await(() -> "UP".equals(health(api)));
        @SuppressWarnings("unchecked")
        var replica = (Map<String, Object>)
                node.bean(ReplicaHealthIndicator.class).health().getDetails().get("replica-1");
        assertThat((Long) replica.get("lagBytes")).isGreaterThanOrEqualTo(0);
        assertThat(replica.get("url")).isEqualTo(pg.replicaUrl());
        String prometheus = api.get(operator, "/actuator/prometheus").body();
        assertThat(prometheus)
                .contains("brisk_replica_lag_bytes{replica=\"replica-1\"}")
                .contains("brisk_replica_up{replica=\"replica-1\"} 1.0");
    }

    private static String health(Api api) {
        return api.get(operator, "/actuator/health")
                .json()
                .get("components")
                .get("replicas")
                .get("status")
                .asString();
    }

    private static void awaitReadsOnTheReplica(String token, String path) {
        double before = reads("replica");
        await(() -> {
            node.api()
                    .get(
                            token,
                            path + (path.contains("?") ? "&" : "?") + "limit="
                                    + ThreadLocalRandom.current().nextInt(1, 100));
            return reads("replica") > before;
        });
    }

    private static double reads(String target) {
        return reads(node.bean(MeterRegistry.class), target);
    }

    private static double reads(MeterRegistry meters, String target) {
        var counter = meters.find("brisk.replica.reads").tag("target", target).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(50))
                .pollInSameThread()
                .until(condition::getAsBoolean);
    }
}
