package dev.brisk.platform;

import java.util.List;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * A pool wrapped so each statement passes through every {@link QueryExecutionListener} bean (the query
 * monitor, SQL spans, change numbers, tests' recorders): the primary's pool and each replica's alike.
 */
public final class MonitoredDataSource {

    private MonitoredDataSource() {}

    public static DataSource wrap(DataSource pool, String name, ObjectProvider<QueryExecutionListener> listeners) {
        return ProxyDataSourceBuilder.create(pool)
                .name(name)
                .listener(new LazyListeners(listeners))
                .build();
    }

    /**
     * Resolves the listener beans on first use, so wrapping (a bean post-processor) does not pull them in early;
     * bean definitions are all known by then, so the list is final.
     */
    private static final class LazyListeners implements QueryExecutionListener {
        private final ObjectProvider<QueryExecutionListener> provider;
        private volatile @Nullable List<QueryExecutionListener> listeners;

        LazyListeners(ObjectProvider<QueryExecutionListener> provider) {
            this.provider = provider;
        }

        private List<QueryExecutionListener> listeners() {
            List<QueryExecutionListener> resolved = listeners;
            if (resolved == null) {
                resolved = provider.orderedStream().toList();
                listeners = resolved;
            }
            return resolved;
        }

        @Override
        public void beforeQuery(ExecutionInfo info, List<QueryInfo> queries) {
            for (QueryExecutionListener listener : listeners()) {
                listener.beforeQuery(info, queries);
            }
        }

        @Override
        public void afterQuery(ExecutionInfo info, List<QueryInfo> queries) {
            for (QueryExecutionListener listener : listeners()) {
                listener.afterQuery(info, queries);
            }
        }
    }
}
