package dev.brisk.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.support.TestDatabase;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;
import org.postgresql.util.PSQLException;

/** The statement wrapping of {@link MonitoredDataSource} against a real PostgreSQL connection, without Spring. */
class StatementInterceptionTest {

    record Seen(
            String sql,
            boolean driverStatement,
            boolean failed,
            @Nullable String warning) {}

    /** Records what the listener is told, and checks each before is followed by its after. */
    static final class Recorder implements StatementListener {
        final List<Seen> seen = new ArrayList<>();

        @Nullable
        String pending;

        @Override
        public void beforeStatement(String sql) {
            assertThat(pending).isNull();
            pending = sql;
        }

        @Override
        public void afterStatement(Statement statement, String sql, long nanos, @Nullable Throwable failure) {
            assertThat(sql).isEqualTo(pending);
            assertThat(nanos).isNotNegative();
            pending = null;
            String warning;
            try {
                warning = statement.getWarnings() == null
                        ? null
                        : statement.getWarnings().getMessage();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            seen.add(new Seen(
                    sql, !java.lang.reflect.Proxy.isProxyClass(statement.getClass()), failure != null, warning));
        }
    }

    private final Recorder recorder = new Recorder();
    private final DataSource monitored = MonitoredDataSource.wrap(pool(), recorder);

    private static DataSource pool() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(TestDatabase.jdbcUrl());
        ds.setUser("postgres");
        return ds;
    }

    @Test
    void preparedStatementsReportTheirTextOncePerExecution() throws SQLException {
        try (Connection c = monitored.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT ?::int + 1")) {
            for (int i = 0; i < 2; i++) {
                ps.setInt(1, i);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(i + 1);
                }
            }
        }
        assertThat(recorder.seen)
                .containsExactly(
                        new Seen("SELECT ?::int + 1", true, false, null),
                        new Seen("SELECT ?::int + 1", true, false, null));
    }

    @Test
    void plainStatementsReportTheTextTheyRunAndABatchItsFirstText() throws SQLException {
        try (Connection c = monitored.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE interception (n int)");
            s.addBatch("INSERT INTO interception VALUES (1)");
            s.addBatch("INSERT INTO interception VALUES (2)");
            assertThat(s.executeBatch()).containsExactly(1, 1);
            s.addBatch("DELETE FROM interception");
            s.executeBatch();
            try (CallableStatement call = c.prepareCall("SELECT count(*) FROM interception")) {
                call.execute();
            }
        }
        assertThat(recorder.seen)
                .extracting(Seen::sql)
                .containsExactly(
                        "CREATE TEMP TABLE interception (n int)",
                        "INSERT INTO interception VALUES (1)",
                        "DELETE FROM interception",
                        "SELECT count(*) FROM interception");
    }

    @Test
    void aFailureReachesTheListenerAndTheCallerUnchanged() throws SQLException {
        try (Connection c = monitored.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1/0")) {
            assertThatThrownBy(ps::executeQuery)
                    .isInstanceOf(PSQLException.class)
                    .hasMessageContaining("division by zero");
        }
        assertThat(recorder.seen).containsExactly(new Seen("SELECT 1/0", true, true, null));
    }

    @Test
    void theListenerSeesTheExecutionsNoticesOnTheDriversStatement() throws SQLException {
        try (Connection c = monitored.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN RAISE NOTICE 'brisk_change_seq=7'; END $$");
        }
        assertThat(recorder.seen).singleElement().extracting(Seen::warning).isEqualTo("brisk_change_seq=7");
    }

    @Test
    void wrappedObjectsBehaveAsTheirOwnIdentityAndUnwrapToTheDriver() throws SQLException {
        try (Connection c = monitored.getConnection();
                Connection other = monitored.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            assertThat(ps.getConnection()).isSameAs(c);
            assertThat(c).isEqualTo(c).isNotEqualTo(other);
            assertThat(c.hashCode()).isEqualTo(System.identityHashCode(c));
            assertThat(c.unwrap(PGConnection.class)).isNotNull();
            assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
            assertThat(c.toString()).startsWith("monitored ");
        }
        assertThat(recorder.seen).isEmpty();
    }
}
