package dev.brisk.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.stalecheck.CheckConfig;
import dev.brisk.stalecheck.StaleReadChecker;
import dev.brisk.stalecheck.StaleReadReport;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * The stale-read checker of the freshness work (module stale-check) running in the background while a
 * test breaks an engine: the test injects its fault, waits for the repair, lets the checker go on a while
 * and then asserts its report with {@link #assertNoFailureAndNoStaleRead}. The checker's own faults are
 * off; its writers, readers and pollers are the load.
 */
public final class StaleReadsDuring implements AutoCloseable {

    /**
     * How stale another user's read may be at most, during a fault included: the checker's own
     * horizon (it stops polling a write 5 s after its acknowledgement). A bound on notification
     * delivery across nodes on a loaded machine, not a latency target.
     */
    private static final double OTHER_USER_STALENESS_BOUND_MS = 5_000;

    private final StaleReadChecker checker;
    private final CompletableFuture<StaleReadReport> report;

    private StaleReadsDuring(StaleReadChecker checker) {
        this.checker = checker;
        this.report = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return checker.run();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                },
                task -> Thread.ofPlatform().name("stale-read-check").daemon().start(task));
    }

    /** Starts the checker against these nodes, which share the database at {@code jdbcUrl} (user postgres). */
    public static StaleReadsDuring start(List<URI> nodes, String jdbcUrl) {
        StaleReadsDuring run =
                new StaleReadsDuring(new StaleReadChecker(CheckConfig.of(nodes, jdbcUrl, "postgres", "", null)
                        .withDuration(Duration.ofMinutes(10)) // a ceiling: the test calls finish()
                        .withFaults(Duration.ZERO, Duration.ZERO)
                        .withLog(System.out)));
        run.awaitMoreWrites(20);
        return run;
    }

    /** Waits until the checker has had this many more writes acknowledged: the load is running. */
    public void awaitMoreWrites(long more) {
        long target = checker.acknowledgedWrites() + more;
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(50))
                .failFast(report::isDone)
                .until(() -> checker.acknowledgedWrites() >= target);
    }

    /** Stops the checker and returns its figures (also printed). */
    public StaleReadReport finish() throws Exception {
        checker.stop();
        StaleReadReport result = report.get(3, TimeUnit.MINUTES);
        System.out.println(result.markdown());
        return result;
    }

    /** No failed request, no stale own read, another user's reads stale within the bound, every write seen. */
    public static void assertNoFailureAndNoStaleRead(StaleReadReport report) {
        assertThat(report.failedRequests()).as(report.markdown()).isZero();
        assertThat(report.ownStale()).as(report.markdown()).isEmpty();
        assertThat(report.writes()).as("writes acknowledged").isGreaterThan(20);
        assertThat(report.ownReads()).isPositive();
        assertThat(report.otherReads()).isPositive();
        assertThat(report.neverVisible())
                .as("writes another user did not see within 5 s\n%s", report.markdown())
                .isZero();
        if (report.staleness() != null) {
            assertThat(report.staleness().max())
                    .as("another user's stalest read, ms\n%s", report.markdown())
                    .isLessThan(OTHER_USER_STALENESS_BOUND_MS);
        }
    }

    @Override
    public void close() {
        checker.stop();
        report.completeExceptionally(new IllegalStateException("closed")); // no-op when already done
    }
}
