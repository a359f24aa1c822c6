package dev.brisk.monitoring;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.brisk.platform.MonitoredDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the JDBC monitor costs: the same one-row statement through the Hikari pool, raw and
 * through datasource-proxy with Brisk's {@link QueryMonitor}, inside a request context (so the
 * per-request bookkeeping and the Server-Timing header are included). Needs PostgreSQL on
 * localhost:5432 (database from -Dbrisk.jmh.db, default test).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class QueryMonitorBenchmark {

    private HikariDataSource pool;
    private DataSource monitored;
    private QueryMonitor monitor;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:5432/" + System.getProperty("brisk.jmh.db", "test"));
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        config.addDataSourceProperty("prepareThreshold", "1");
        pool = new HikariDataSource(config);
        monitor = new QueryMonitor(
                new MonitoringProperties(5, Duration.ofMillis(100), 200, 2000, 20, 3, Duration.ofMinutes(10)),
                new SimpleMeterRegistry());
        monitored = MonitoredDataSource.wrap(pool, monitor);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    @Benchmark
    public int rawStatement() throws SQLException {
        return MonitoredLookup.lookup(pool);
    }

    @Benchmark
    public int monitoredStatement() throws SQLException {
        return MonitoredLookup.lookup(monitored);
    }

    /** One request's worth of monitoring around one statement: open, count, header, finish. */
    @Benchmark
    public String monitoredRequest() throws SQLException {
        return MonitoredLookup.request(monitor, monitored);
    }

    /** The listener alone, without JDBC, to separate its cost from the proxy's. */
    @Benchmark
    public String fingerprintCached() {
        return Fingerprints.of(MonitoredLookup.SQL);
    }
}
