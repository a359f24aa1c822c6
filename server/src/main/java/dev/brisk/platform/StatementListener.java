package dev.brisk.platform;

import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * Told about every statement a {@link MonitoredDataSource} runs, on the thread that runs it. Executions
 * on one thread never nest (a statement's execute call runs no application code), so a listener may keep
 * what it starts in {@link #beforeStatement} in a thread-local until {@link #afterStatement}.
 */
public interface StatementListener {

    default void beforeStatement(String sql) {}

    /**
     * @param statement the driver's statement, still open (its warnings hold the notices of this execution)
     * @param sql the statement's text, or the first one of a batch of plain statements
     * @param failure what the execution threw, if it failed
     */
    void afterStatement(Statement statement, String sql, long nanos, @Nullable Throwable failure);
}
