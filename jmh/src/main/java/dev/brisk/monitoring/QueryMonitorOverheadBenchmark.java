package dev.brisk.monitoring;

import dev.brisk.platform.MonitoredDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The JDBC monitor's own cost, without a database: the statement of {@link QueryMonitorBenchmark}
 * against a do-nothing JDBC driver (dynamic proxies; every call returns at once, {@code next()}
 * answers one row), raw, through Brisk's {@link MonitoredDataSource} with its {@link QueryMonitor},
 * and, as the reference, through datasource-proxy (what Brisk used before) with the same monitor.
 * With no network round trip in the way, {@code monitored − raw} is the monitor's cost per statement
 * with little noise; docs/performance.md sets it against the real statement's time from
 * {@link QueryMonitorBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueryMonitorOverheadBenchmark {

    private DataSource stub;
    private DataSource monitored;
    private DataSource datasourceProxy;
    private QueryMonitor monitor;

    @Setup(Level.Trial)
    public void setUp() {
        stub = stubDataSource();
        monitor = new QueryMonitor(
                new MonitoringProperties(5, Duration.ofMillis(100), 200, 2000, 20, 3, Duration.ofMinutes(10)),
                new SimpleMeterRegistry());
        monitored = MonitoredDataSource.wrap(stub, monitor);
        datasourceProxy = ProxyDataSourceBuilder.create(stub)
                .listener(new Adapter(monitor))
                .build();
    }

    @Benchmark
    public int stubRawStatement() throws SQLException {
        return MonitoredLookup.lookup(stub);
    }

    @Benchmark
    public int stubMonitoredStatement() throws SQLException {
        return MonitoredLookup.lookup(monitored);
    }

    @Benchmark
    public int stubDatasourceProxyStatement() throws SQLException {
        return MonitoredLookup.lookup(datasourceProxy);
    }

    /** The monitor as a datasource-proxy listener, timed the way datasource-proxy times a statement. */
    private record Adapter(QueryMonitor monitor) implements QueryExecutionListener {
        @Override
        public void beforeQuery(ExecutionInfo info, List<QueryInfo> queries) {}

        @Override
        public void afterQuery(ExecutionInfo info, List<QueryInfo> queries) {
            monitor.afterStatement(
                    info.getStatement(), queries.get(0).getQuery(), info.getElapsedTime() * 1_000_000, null);
        }
    }

    /** One request's worth of monitoring around one statement: open, count, header, finish. */
    @Benchmark
    public String stubMonitoredRequest() throws SQLException {
        return MonitoredLookup.request(monitor, monitored);
    }

    // --- a JDBC driver that does nothing --------------------------------------------------------

    private static DataSource stubDataSource() {
        ResultSet resultSet = stub(ResultSet.class, (proxy, method, args) -> switch (method.getName()) {
            case "next" -> Boolean.TRUE;
            default -> null;
        });
        PreparedStatement statement = stub(PreparedStatement.class, (proxy, method, args) -> switch (method.getName()) {
            case "executeQuery" -> resultSet;
            default -> null;
        });
        Connection connection = stub(Connection.class, (proxy, method, args) -> switch (method.getName()) {
            case "prepareStatement" -> statement;
            default -> null;
        });
        return stub(DataSource.class, (proxy, method, args) -> switch (method.getName()) {
            case "getConnection" -> connection;
            default -> null;
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T stub(Class<T> type, InvocationHandler calls) {
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                case "toString":
                    return "stub " + type.getSimpleName();
                case "isWrapperFor":
                case "isClosed":
                    return Boolean.FALSE;
                default:
                    break;
            }
            Object result = calls.invoke(proxy, method, args);
            if (result == null && method.getReturnType().isPrimitive()) {
                Class<?> r = method.getReturnType();
                if (r == boolean.class) {
                    return Boolean.FALSE;
                }
                if (r == void.class) {
                    return null;
                }
                if (r == long.class) {
                    return 0L;
                }
                if (r == double.class) {
                    return 0d;
                }
                if (r == float.class) {
                    return 0f;
                }
                if (r == short.class) {
                    return (short) 0;
                }
                if (r == byte.class) {
                    return (byte) 0;
                }
                if (r == char.class) {
                    return (char) 0;
                }
                return 0;
            }
            return result;
        };
        return (T) Proxy.newProxyInstance(
                QueryMonitorOverheadBenchmark.class.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
