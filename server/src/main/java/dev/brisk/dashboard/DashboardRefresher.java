package dev.brisk.dashboard;

import dev.brisk.monitoring.Spans;
import dev.brisk.platform.DatabaseChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Keeps the dashboard views fresh. Committed changes to the tables the dashboard reads (heard as
 * {@link DatabaseChange} events) mark their orgs stale; a scheduler thread refreshes once the
 * writes pause for {@code min-interval}, and at the latest {@code max-delay} after the first
 * pending change; it also refreshes every {@code interval} regardless, as soon as the UTC date
 * changes, and soon after start-up or a gap in the change notifications.
 *
 * <p>Since V102 a refresh first folds the delta rows written by the tables' triggers into the
 * rollups (cost: the changes since the last refresh), then refreshes the views over the rollups
 * (cost: milliseconds, whatever the data size), so the debounce can be short.
 *
 * <p>A refresh is one call of {@code refresh_dashboard_summary(reason, orgs)} in its own
 * transaction: all views are refreshed CONCURRENTLY (readers are never blocked) and switch at
 * commit. The function takes a transaction advisory lock with try-lock semantics, so in a cluster
 * exactly one node refreshes at a time; the others skip, keep their stale marks and try again
 * later. A failed refresh leaves the previous data in place, is logged, counted and written to
 * {@code dashboard_refresh_log}, and is retried after {@code max-delay}. On commit the function
 * notifies every node, which publishes {@link DashboardRefreshed} for cached dashboards to drop.
 */
@Component
public class DashboardRefresher implements SmartLifecycle {

    /** How one refresh attempt ended. */
    public enum Outcome {
        REFRESHED,
        SKIPPED,
        FAILED
    }

    /**
     * Freshness of the dashboard for the monitoring API.
     *
     * @param asOf when the numbers now in the views were computed (cluster-wide; null if unknown)
     * @param stalenessSeconds age of those numbers
     * @param lastRefreshStartedAt start of the last successful refresh by any node
     * @param lastRefreshDurationMs how long that refresh took
     * @param nodeLastAttemptAt when this node last tried to refresh
     * @param nodeLastOutcome how that attempt ended
     * @param nodeLastError the error of this node's last failed attempt, if the last one failed
     * @param pendingOrgs orgs with changes this node has not seen refreshed yet
     * @param pendingAll every org is pending (start-up, notification gap, very wide change)
     * @param pendingSince the oldest pending change heard by this node
     */
    public record RefreshStatus(
            Instant asOf,
            Double stalenessSeconds,
            Instant lastRefreshStartedAt,
            Long lastRefreshDurationMs,
            Instant nodeLastAttemptAt,
            Outcome nodeLastOutcome,
            String nodeLastError,
            long nodeRefreshes,
            long nodeSkipped,
            long nodeFailures,
            int pendingOrgs,
            boolean pendingAll,
            Instant pendingSince) {}

    /**
     * The transaction advisory lock refresh_dashboard_summary takes (V100, "BRSKDASH"): a bulk
     * writer that locks the business tables takes it first, so it and a refresh cannot deadlock.
     */
    public static final long REFRESH_LOCK = 4778973737326302024L;

    /** The tables whose changes move a dashboard number. */
    static final Set<String> TABLES = Set.of("orders", "order_items", "invoices", "customers", "products");
    /** The "table" name refresh_dashboard_summary() announces itself with. */
    static final String REFRESH_CHANNEL_TABLE = "dashboard_summary";

    private static final Logger log = LoggerFactory.getLogger(DashboardRefresher.class);

    private final DashboardRefreshStore store;
    private final DashboardProperties props;
    private final ApplicationEventPublisher events;
    private final Timer refreshTimer;
    private final Counter failureCounter;
    private final Counter skippedCounter;
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    // Pending work and this node's last attempt; guarded by "this".
    private final Set<Long> pendingOrgs = new HashSet<>();
    private boolean pendingAll;
    private String pendingReason;
    private Instant firstPendingAt;
    private Instant lastChangeAt;
    private Instant lastAttemptAt;
    private Instant lastAttemptEndedAt;
    private Outcome lastOutcome;
    private String lastError;
    private LocalDate lastAsOfDate;

    private volatile ScheduledExecutorService scheduler;
    private final Spans spans;

    DashboardRefresher(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            DashboardProperties props,
            ApplicationEventPublisher events,
            MeterRegistry registry) {
        this(jdbc, transactions, props, events, registry, Spans.OFF);
    }

    @Autowired
    DashboardRefresher(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            DashboardProperties props,
            ApplicationEventPublisher events,
            MeterRegistry registry,
            Spans spans) {
        this.spans = spans;
        this.store = new DashboardRefreshStore(jdbc, transactions);
        this.props = props;
        this.events = events;
        this.refreshTimer = Timer.builder("brisk.dashboard.refresh")
                .description("Successful refreshes of the dashboard views")
                .register(registry);
        this.failureCounter = Counter.builder("brisk.dashboard.refresh.failures")
                .description("Dashboard refreshes that failed (the previous data stays)")
                .register(registry);
        this.skippedCounter = Counter.builder("brisk.dashboard.refresh.skipped")
                .description("Dashboard refreshes skipped because another node was refreshing")
                .register(registry);
    }

    // ---- change intake ------------------------------------------------------------------------

    @EventListener
    void on(DatabaseChange change) {
        if (change.table() == null) {
            markAll("gap"); // the listener may have missed changes: anything may be stale
        } else if (REFRESH_CHANNEL_TABLE.equals(change.table())) {
            events.publishEvent(new DashboardRefreshed(change.orgs(), change.all(), change.seq()));
        } else if (TABLES.contains(change.table())) {
            if (change.all()) {
                markAll("changes");
            } else {
                mark(change.orgs());
            }
        }
    }

    synchronized void mark(Set<Long> orgs) {
        if (orgs.isEmpty()) {
            return;
        }
        pendingOrgs.addAll(orgs);
        pending("changes");
    }

    synchronized void markAll(String reason) {
        pendingAll = true;
        pending(reason);
    }

    private void pending(String reason) {
        Instant now = Instant.now();
        if (firstPendingAt == null) {
            firstPendingAt = now;
            pendingReason = reason;
        } else if (!"changes".equals(reason)) {
            pendingReason = reason;
        }
        lastChangeAt = now;
    }

    // ---- scheduling ---------------------------------------------------------------------------

    @Override
    public void start() {
        if (!props.autoRefresh()) {
            log.info("Dashboard auto-refresh is off (brisk.dashboard.auto-refresh=false)");
            return;
        }
        markAll("startup"); // changes made while no node was listening
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("brisk-dashboard-refresher").daemon().factory());
        long tick = Math.clamp(props.minInterval().toMillis() / 4, 50, 1_000);
        s.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        scheduler = s;
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = scheduler;
        scheduler = null;
        if (s != null) {
            s.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Runs a refresh when one is due; called on the scheduler thread only. */
    void tick() {
        try {
            String reason = due(Instant.now());
            if (reason != null) {
                refreshNow(reason);
            }
        } catch (RuntimeException e) {
            log.error("Dashboard refresher tick failed", e);
        }
    }

    /** The reason of a refresh due at {@code now}, or null. */
    synchronized String due(Instant now) {
        if (lastAttemptEndedAt != null
                && lastOutcome == Outcome.FAILED
                && now.isBefore(lastAttemptEndedAt.plus(props.maxDelay()))) {
            return null; // back off after a failure
        }
        if (lastAsOfDate != null && !now.atOffset(ZoneOffset.UTC).toLocalDate().equals(lastAsOfDate)) {
            return "date"; // the 30-day windows and "overdue" moved at midnight UTC
        }
        if (firstPendingAt != null) {
            boolean quiet = !now.isBefore(lastChangeAt.plus(props.minInterval()));
            boolean rested = lastAttemptEndedAt == null || !now.isBefore(lastAttemptEndedAt.plus(props.minInterval()));
            boolean overdue = !now.isBefore(firstPendingAt.plus(props.maxDelay()));
            if ((quiet && rested) || overdue) {
                return pendingReason;
            }
            return null;
        }
        if (lastAttemptAt == null || !now.isBefore(lastAttemptAt.plus(props.interval()))) {
            return "timer";
        }
        return null;
    }

    // ---- refreshing ---------------------------------------------------------------------------

    /**
     * Refreshes now, on the calling thread, unless another session holds the refresh lock.
     * Changes pending on this node are taken along; they come back if the attempt does not
     * succeed. Never throws for a database failure: that is the {@link Outcome#FAILED} outcome.
     */
    public Outcome refreshNow(String reason) {
        // a span of its own (a root: refreshes run on the refresher thread), its SQL as children
        return spans.within("dashboard.refresh", () -> refresh(reason), "dashboard.reason", reason);
    }

    private Outcome refresh(String reason) {
        Set<Long> orgs;
        boolean all;
        boolean takenAll;
        Instant takenFirstPending;
        String takenReason;
        Instant started = Instant.now();
        synchronized (this) {
            orgs = Set.copyOf(pendingOrgs);
            takenAll = pendingAll;
            // Only a refresh for changes is about some orgs; a timer, start-up, gap or manual one,
            // and any refresh on a new UTC date (the 30-day window moved), is about all of them.
            all = pendingAll
                    || !"changes".equals(reason)
                    || !started.atOffset(ZoneOffset.UTC).toLocalDate().equals(lastAsOfDate);
            takenFirstPending = firstPendingAt;
            takenReason = pendingReason;
            pendingOrgs.clear();
            pendingAll = false;
            firstPendingAt = null;
            pendingReason = null;
            lastAttemptAt = started;
        }
        long t0 = System.nanoTime();
        try {
            OffsetDateTime asOf = store.refresh(reason, all ? null : orgs, props.refreshTimeout());
            long nanos = System.nanoTime() - t0;
            if (asOf == null) {
                skipped.incrementAndGet();
                skippedCounter.increment();
                restore(orgs, takenAll, takenFirstPending, takenReason, Outcome.SKIPPED, null);
                log.debug("Dashboard refresh ({}) skipped: another session is refreshing", reason);
                return Outcome.SKIPPED;
            }
            refreshes.incrementAndGet();
            refreshTimer.record(nanos, TimeUnit.NANOSECONDS);
            refreshed(asOf.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate());
            log.debug("Dashboard refreshed ({}) in {} ms", reason, nanos / 1_000_000);
            return Outcome.REFRESHED;
        } catch (RuntimeException e) {
            long millis = (System.nanoTime() - t0) / 1_000_000;
            failures.incrementAndGet();
            failureCounter.increment();
            String error = DashboardRefreshStore.rootMessage(e);
            restore(orgs, takenAll, takenFirstPending, takenReason, Outcome.FAILED, error);
            log.warn("Dashboard refresh ({}) failed after {} ms; the previous numbers stay: {}", reason, millis, error);
            store.writeFailure(started, millis, reason, error);
            return Outcome.FAILED;
        }
    }

    /** Records a successful refresh whose numbers are as of {@code asOfDate} (UTC). */
    synchronized void refreshed(LocalDate asOfDate) {
        lastOutcome = Outcome.REFRESHED;
        lastError = null;
        lastAttemptEndedAt = Instant.now();
        lastAsOfDate = asOfDate;
    }

    /** Puts taken work back after an attempt that did not refresh. */
    private synchronized void restore(
            Set<Long> orgs, boolean all, Instant takenFirstPending, String takenReason, Outcome outcome, String error) {
        boolean hadWork = all || !orgs.isEmpty();
        if (hadWork) {
            pendingOrgs.addAll(orgs);
            pendingAll |= all;
            if (firstPendingAt == null || (takenFirstPending != null && takenFirstPending.isBefore(firstPendingAt))) {
                firstPendingAt = takenFirstPending != null ? takenFirstPending : Instant.now();
            }
            if (lastChangeAt == null) {
                lastChangeAt = firstPendingAt;
            }
            if (pendingReason == null) {
                pendingReason = takenReason != null ? takenReason : "changes";
            }
        }
        lastOutcome = outcome;
        lastError = error;
        lastAttemptEndedAt = Instant.now();
    }

    // ---- status -------------------------------------------------------------------------------

    /** Freshness for the monitoring API: cluster-wide numbers from the database, plus this node's. */
    public RefreshStatus status() {
        Instant asOf = null;
        Double staleness = null;
        Instant lastStarted = null;
        Long lastMillis = null;
        try {
            DashboardRefreshStore.ClusterFreshness cluster = store.freshness();
            if (cluster != null) {
                asOf = cluster.asOf();
                staleness = cluster.stalenessSeconds();
                lastStarted = cluster.lastRefreshStartedAt();
                lastMillis = cluster.lastRefreshDurationMs();
            }
        } catch (RuntimeException e) {
            log.debug("Dashboard status query failed: {}", DashboardRefreshStore.rootMessage(e));
        }
        synchronized (this) {
            return new RefreshStatus(
                    asOf,
                    staleness,
                    lastStarted,
                    lastMillis,
                    lastAttemptAt,
                    lastOutcome,
                    lastOutcome == Outcome.FAILED ? lastError : null,
                    refreshes.get(),
                    skipped.get(),
                    failures.get(),
                    pendingOrgs.size(),
                    pendingAll,
                    firstPendingAt);
        }
    }
}
