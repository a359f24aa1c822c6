package dev.brisk.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A pool whose statements each pass through every {@link StatementListener} bean (the query monitor,
 * SQL spans, change numbers, tests' recorders): the primary's pool and each replica's alike. The
 * wrapping is {@link StatementInterception}'s: it only times the execute calls, everything else goes
 * straight to the driver (datasource-proxy, used before, cost 4.5–7.6 % of an uncached request in its
 * per-call bookkeeping, docs/performance.md).
 */
public final class MonitoredDataSource extends DelegatingDataSource {

    private final StatementListener listeners;

    private MonitoredDataSource(DataSource pool, StatementListener listeners) {
        super(pool);
        this.listeners = listeners;
    }

    public static DataSource wrap(DataSource pool, ObjectProvider<StatementListener> listeners) {
        return wrap(pool, new Listeners(listeners));
    }

    public static DataSource wrap(DataSource pool, StatementListener listener) {
        return new MonitoredDataSource(pool, listener);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return StatementInterception.connection(obtainTargetDataSource().getConnection(), listeners);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return StatementInterception.connection(obtainTargetDataSource().getConnection(username, password), listeners);
    }

    /**
     * The listener beans, resolved on first use so that wrapping (a bean post-processor) does not pull
     * them in early; bean definitions are all known by then, so the list is final.
     */
    static final class Listeners implements StatementListener {
        private final ObjectProvider<StatementListener> provider;
        private volatile @Nullable List<StatementListener> resolved;

        Listeners(ObjectProvider<StatementListener> provider) {
            this.provider = provider;
        }

        private List<StatementListener> all() {
            List<StatementListener> all = resolved;
            if (all == null) {
                all = provider.orderedStream().toList();
                resolved = all;
            }
            return all;
        }

        @Override
        public void beforeStatement(String sql) {
            for (StatementListener listener : all()) {
                listener.beforeStatement(sql);
            }
        }

        @Override
        public void afterStatement(java.sql.Statement statement, String sql, long nanos, @Nullable Throwable failure) {
            for (StatementListener listener : all()) {
                listener.afterStatement(statement, sql, nanos, failure);
            }
        }
    }
}
