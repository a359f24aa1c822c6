package dev.brisk.monitoring;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** The statement both query-monitor benchmarks time, alone and inside one monitored request. */
final class MonitoredLookup {

    static final String SQL = "SELECT ?::bigint + 1";

    private MonitoredLookup() {}

    static int lookup(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setLong(1, 1L);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? 1 : 0;
            }
        }
    }

    /** One request's worth of monitoring around one statement: open, count, header, finish. */
    static String request(QueryMonitor monitor, DataSource monitored) throws SQLException {
        RequestStats stats = RequestStats.open("bench");
        try {
            lookup(monitored);
            return stats.serverTiming();
        } finally {
            RequestStats.close();
            monitor.requestFinished(stats);
        }
    }
}
