package dev.brisk.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database side of {@link DashboardRefresher}: one call of {@code refresh_dashboard_summary}
 * in its own transaction, the failure rows of {@code dashboard_refresh_log}, and the cluster-wide
 * freshness read back for the monitoring API. It holds no state; the refresher decides when.
 */
final class DashboardRefreshStore {

    /** Cluster-wide freshness; {@code lastRefreshStartedAt} and its duration are null before the first success. */
    record ClusterFreshness(
            Instant asOf, double stalenessSeconds, Instant lastRefreshStartedAt, Long lastRefreshDurationMs) {}

    private static final Logger log = LoggerFactory.getLogger(DashboardRefreshStore.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    DashboardRefreshStore(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /**
     * Runs one refresh for {@code orgs} (null: all orgs) under {@code timeout}; returns the new
     * as-of time, or null when another session holds the refresh lock. Throws on a database failure.
     */
    OffsetDateTime refresh(String reason, Set<Long> orgs, Duration timeout) {
        return tx.execute(status -> {
            jdbc.sql("SELECT set_config('statement_timeout', :ms, true)")
                    .param("ms", Long.toString(timeout.toMillis()))
                    .query(String.class)
                    .single();
            List<OffsetDateTime> result = jdbc.sql("SELECT refresh_dashboard_summary(:reason, CAST(:orgs AS bigint[]))")
                    .param("reason", reason)
                    .param(
                            "orgs",
                            orgs == null
                                    ? null
                                    : orgs.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")))
                    .query((rs, i) -> rs.getObject(1, OffsetDateTime.class))
                    .list();
            return result.getFirst();
        });
    }

    /** Writes a failed attempt to {@code dashboard_refresh_log}; a failure to write is only logged. */
    void writeFailure(Instant started, long millis, String reason, String error) {
        try {
            jdbc.sql("""
                    INSERT INTO dashboard_refresh_log (started_at, duration_ms, reason, success, error)
                    VALUES (:startedAt, :ms, :reason, false, :error)
                    """)
                    .param("startedAt", OffsetDateTime.ofInstant(started, ZoneOffset.UTC))
                    .param("ms", Math.max(0, millis))
                    .param("reason", reason)
                    .param("error", error.length() > 2_000 ? error.substring(0, 2_000) : error)
                    .update();
        } catch (RuntimeException e) {
            log.warn("Could not write the failed dashboard refresh to dashboard_refresh_log: {}", rootMessage(e));
        }
    }

    /** The numbers now in the views and the last successful refresh, or null before the first one. */
    ClusterFreshness freshness() {
        record Row(OffsetDateTime asOf, OffsetDateTime startedAt, Long durationMs, Double staleness) {}
        Row row = jdbc.sql("""
                SELECT a.as_of, l.started_at, l.duration_ms,
                       extract(epoch FROM clock_timestamp() - a.as_of)::float8 AS staleness
                FROM (SELECT as_of FROM dashboard_as_of WHERE id = 1) a
                LEFT JOIN LATERAL (SELECT started_at, duration_ms FROM dashboard_refresh_log
                                   WHERE success ORDER BY started_at DESC LIMIT 1) l ON true
                """)
                .query((rs, i) -> new Row(
                        rs.getObject(1, OffsetDateTime.class),
                        rs.getObject(2, OffsetDateTime.class),
                        (Long) rs.getObject(3),
                        rs.getDouble(4)))
                .optional()
                .orElse(null);
        if (row == null) {
            return null;
        }
        return new ClusterFreshness(
                row.asOf().toInstant(),
                Math.max(0, row.staleness()),
                row.startedAt() == null ? null : row.startedAt().toInstant(),
                row.durationMs());
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }
}
