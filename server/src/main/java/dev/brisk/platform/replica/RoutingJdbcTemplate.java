package dev.brisk.platform.replica;

import java.sql.SQLException;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCreator;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;

/**
 * The application's JdbcTemplate (under JdbcClient): queries that {@link ReadRouting} lets go to a replica
 * run there, everything else on the primary. A query that fails on a replica for any reason runs again on
 * the primary, so a replica dying mid-request costs a retry, not a failed request; a query that is wrong
 * fails on the primary as it always would. Streams stay on the primary (their connection outlives the call).
 */
final class RoutingJdbcTemplate extends JdbcTemplate {

    private final ReadRouting routing;

    RoutingJdbcTemplate(DataSource primary, ReadRouting routing) {
        super(primary);
        this.routing = routing;
    }

    @Override
    public <T> T query(PreparedStatementCreator psc, PreparedStatementSetter pss, ResultSetExtractor<T> rse) {
        Replica replica = routing.replicaForRead();
        if (replica != null) {
            try {
                return replica.jdbc().query(psc, pss, rse);
            } catch (DataAccessException e) {
                routing.readFailed(replica, e, connectionLost(e));
            }
        }
        return super.query(psc, pss, rse);
    }

    @Override
    public <T> T query(String sql, ResultSetExtractor<T> rse) {
        Replica replica = routing.replicaForRead();
        if (replica != null) {
            try {
                return replica.jdbc().query(sql, rse);
            } catch (DataAccessException e) {
                routing.readFailed(replica, e, connectionLost(e));
            }
        }
        return super.query(sql, rse);
    }

    @Override
    public <T> Stream<T> queryForStream(
            PreparedStatementCreator psc, PreparedStatementSetter pss, RowMapper<T> rowMapper) {
        return super.queryForStream(psc, pss, rowMapper);
    }

    /** Connection-class SQL states (08), operator intervention (57P0x: shutdown, crash, cannot connect now). */
    static boolean connectionLost(Throwable e) {
        if (e instanceof CannotGetJdbcConnectionException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P0"))) {
                return true;
            }
        }
        return false;
    }
}
