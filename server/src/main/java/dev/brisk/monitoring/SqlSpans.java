package dev.brisk.monitoring;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import java.util.List;
import java.util.Locale;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;

/**
 * A span per JDBC statement, child of whatever span is current (a request, a cache load, a dashboard
 * refresh); statements outside any span make none. The span carries the statement's fingerprint only
 * (literals are {@code ?}); bound parameter values are never read. Exists only while tracing is on.
 */
final class SqlSpans implements QueryExecutionListener {

    private static final String SPAN = "brisk.sql.span";
    private final Spans spans;

    SqlSpans(Spans spans) {
        this.spans = spans;
    }

    @Override
    public void beforeQuery(ExecutionInfo info, List<QueryInfo> queries) {
        if (spans.registry().getCurrentObservation() == null) {
            return;
        }
        String fingerprint =
                queries.isEmpty() ? "" : Fingerprints.of(queries.get(0).getQuery());
        int space = fingerprint.indexOf(' ');
        String operation = (space > 0 ? fingerprint.substring(0, space) : fingerprint).toUpperCase(Locale.ROOT);
        Observation observation = Observation.createNotStarted(Spans.PREFIX + "sql", spans.registry())
                .contextualName("SQL " + operation)
                .lowCardinalityKeyValue("db.system", "postgresql")
                .lowCardinalityKeyValue("db.operation", operation)
                .highCardinalityKeyValue(KeyValue.of("db.query.text", fingerprint))
                .start();
        info.addCustomValue(SPAN, observation);
    }

    @Override
    public void afterQuery(ExecutionInfo info, List<QueryInfo> queries) {
        Observation observation = info.getCustomValue(SPAN, Observation.class);
        if (observation != null) {
            if (info.getThrowable() != null) {
                // the class only: PostgreSQL's messages can quote values ("Key (sku)=(...) already exists")
                observation.lowCardinalityKeyValue(
                        "error", info.getThrowable().getClass().getSimpleName());
            }
            observation.stop();
        }
    }
}
