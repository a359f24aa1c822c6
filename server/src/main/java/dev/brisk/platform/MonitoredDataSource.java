package dev.brisk.platform;

import java.sql.Connection;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.ConnectionIdManager;
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

    /**
     * Every connection gets the id "0": no listener of Brisk's reads connection ids, and the library's
     * default keeps each open one in a synchronized set, a lock taken twice per request on the miss
     * path (1.2 % of an uncached request's samples, docs/profiles/round4-uncached.md).
     */
    private static final ConnectionIdManager NO_IDS = new ConnectionIdManager() {
        @Override
        public String getId(Connection connection) {
            return "0";
        }

        @Override
        public void addClosedId(String closedId) {}

        @Override
        public Set<String> getOpenConnectionIds() {
            return Set.of();
        }
    };

    private MonitoredDataSource() {}

    public static DataSource wrap(DataSource pool, String name, ObjectProvider<QueryExecutionListener> listeners) {
        return ProxyDataSourceBuilder.create(pool)
                .name(name)
                .connectionIdManager(NO_IDS)
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
