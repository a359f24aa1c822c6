package dev.brisk.monitoring;

import dev.brisk.platform.StatementListener;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import java.sql.Statement;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A span per JDBC statement, child of whatever span is current (a request, a cache load, a dashboard
 * refresh); statements outside any span make none. The span carries the statement's fingerprint only
 * (literals are {@code ?}); bound parameter values are never read. Exists only while tracing is on.
 */
final class SqlSpans implements StatementListener {

    /** The span of the statement running on this thread (executions do not nest). */
    private static final ThreadLocal<@Nullable Observation> CURRENT = new ThreadLocal<>();

    private final Spans spans;

    SqlSpans(Spans spans) {
        this.spans = spans;
    }

    @Override
    public void beforeStatement(String sql) {
        if (spans.registry().getCurrentObservation() == null) {
            return;
        }
        String fingerprint = Fingerprints.of(sql);
        int space = fingerprint.indexOf(' ');
        String operation = (space > 0 ? fingerprint.substring(0, space) : fingerprint).toUpperCase(Locale.ROOT);
        Observation observation = Observation.createNotStarted(Spans.PREFIX + "sql", spans.registry())
                .contextualName("SQL " + operation)
                .lowCardinalityKeyValue("db.system", "postgresql")
                .lowCardinalityKeyValue("db.operation", operation)
                .highCardinalityKeyValue(KeyValue.of("db.query.text", fingerprint))
                .start();
        CURRENT.set(observation);
    }

    @Override
    public void afterStatement(Statement statement, String sql, long nanos, @Nullable Throwable failure) {
        Observation observation = CURRENT.get();
        if (observation != null) {
            CURRENT.remove();
            if (failure != null) {
                // the class only: PostgreSQL's messages can quote values ("Key (sku)=(...) already exists")
                observation.lowCardinalityKeyValue("error", failure.getClass().getSimpleName());
            }
            observation.stop();
        }
    }
}
