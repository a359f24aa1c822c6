package dev.brisk.indexes;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.postgresql.PGStatement;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Records every statement a Brisk node sends through its pool, with its bound parameters and the
 * Brisk method that sent it, so that the test can EXPLAIN exactly what the API ran. Brisk's own
 * statement monitoring does not capture parameters (it has no use for them), so the test wraps the
 * node's pool in datasource-proxy, which does ({@link #poolWrapper()}).
 */
final class StatementRecorder implements QueryExecutionListener {

    /**
     * One executed statement.
     *
     * @param scenario what the test was doing when it ran
     * @param origin the Brisk method that sent it, e.g. {@code OrderRepository.list}
     * @param prepareThreshold the driver's prepare threshold on the statement: 0 = sent unnamed,
     *                         planned with its values every time (platform.CustomPlans)
     */
    record Recorded(
            String scenario, String origin, String sql, List<ParameterSetOperation> parameters, int prepareThreshold) {}

    private final List<Recorded> recorded = new ArrayList<>();
    private volatile String scenario;

    /** Records from now on, attributing statements to {@code scenario}; null stops recording. */
    synchronized void scenario(String scenario) {
        this.scenario = scenario;
    }

    synchronized List<Recorded> recorded() {
        return List.copyOf(recorded);
    }

    /** For the node's bean factory: wraps its pool so every statement reaches this recorder. */
    BeanPostProcessor poolWrapper() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource pool && !(bean instanceof ProxyDataSource)) {
                    return ProxyDataSourceBuilder.create(pool)
                            .listener(StatementRecorder.this)
                            .build();
                }
                return bean;
            }
        };
    }

    @Override
    public void beforeQuery(ExecutionInfo info, List<QueryInfo> queries) {}

    @Override
    public void afterQuery(ExecutionInfo info, List<QueryInfo> queries) {
        String current = scenario;
        if (current == null) {
            return;
        }
        String origin = origin();
        int threshold = prepareThreshold(info.getStatement());
        synchronized (this) {
            for (QueryInfo query : queries) {
                List<List<ParameterSetOperation>> parameters = query.getParametersList();
                if (parameters.isEmpty()) {
                    recorded.add(new Recorded(current, origin, query.getQuery(), List.of(), threshold));
                }
                for (List<ParameterSetOperation> set : parameters) {
                    recorded.add(new Recorded(current, origin, query.getQuery(), List.copyOf(set), threshold));
                }
            }
        }
    }

    private static int prepareThreshold(Statement statement) {
        try {
            return statement.unwrap(PGStatement.class).getPrepareThreshold();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Classes a statement passes through on behalf of its caller: this recorder, the monitoring
     * data source wrappers, the read router under JdbcClient, and the shared page and org-table
     * statements, which are listed under the repository method that calls them.
     */
    private static final List<String> PASSING_THROUGH = List.of(
            "dev.brisk.indexes.",
            "dev.brisk.monitoring.MonitoringConfiguration",
            "dev.brisk.platform.MonitoredDataSource",
            "dev.brisk.platform.StatementInterception",
            "dev.brisk.platform.replica.",
            "dev.brisk.platform.ListQuery",
            "dev.brisk.platform.OrgTable");

    /**
     * The outermost method of the first run of Brisk frames on the stack: a repository method, not
     * the lambda or private helper it ran the statement through (a lambda counts as the method it
     * was written in).
     */
    private static String origin() {
        return StackWalker.getInstance().walk(frames -> {
            String foundClass = null;
            String method = null;
            for (StackWalker.StackFrame frame : (Iterable<StackWalker.StackFrame>) frames::iterator) {
                String cls = frame.getClassName();
                if (foundClass == null) {
                    if (cls.startsWith("dev.brisk.") && PASSING_THROUGH.stream().noneMatch(cls::startsWith)) {
                        foundClass = cls;
                        method = frame.getMethodName();
                    }
                } else if (cls.equals(foundClass)) {
                    method = frame.getMethodName();
                } else {
                    break;
                }
            }
            if (foundClass == null) {
                return "(unknown)";
            }
            if (method.startsWith("lambda$")) {
                method = method.substring("lambda$".length(), method.lastIndexOf('$'));
            }
            return foundClass.substring(foundClass.lastIndexOf('.') + 1) + "." + method;
        });
    }
}
