package dev.brisk.platform.replica;

import dev.brisk.platform.BackgroundLoop;
import dev.brisk.platform.DirectConnections;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code poll-interval}: the primary's WAL position, then each replica's replay position, on
 * connections of its own (outside the pools and the query monitor). A replica that does not answer, or is
 * no longer in recovery (promoted: it may have left the primary's timeline), is down until it answers as a
 * standby again.
 */
final class ReplicaPoller extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(ReplicaPoller.class);
    private static final String APPLICATION_NAME = "brisk-replica-poller";
    private static final Map<String, String> SETTINGS = Map.of("connectTimeout", "1", "socketTimeout", "2");

    private final ReadRouting routing;
    private final ReplicaProperties properties;
    private final DirectConnections direct;
    private final Map<Replica, Connection> connections = new HashMap<>();
    private @Nullable Connection primary;

    ReplicaPoller(ReadRouting routing, ReplicaProperties properties, DirectConnections direct) {
        super(APPLICATION_NAME);
        this.routing = routing;
        this.properties = properties;
        this.direct = direct;
    }

    @Override
    protected boolean enabled() {
        return routing.enabled();
    }

    @Override
    protected void loop() {
        while (isRunning()) {
            pollOnce();
            if (!pause(properties.pollInterval().toMillis())) {
                break;
            }
        }
        connections.values().forEach(ReplicaPoller::closeQuietly);
        closeQuietly(primary);
    }

    void pollOnce() {
        long primaryLsn = primaryLsn();
        for (Replica replica : routing.replicas()) {
            try {
                Connection c = connections.get(replica);
                if (c == null || c.isClosed()) {
                    c = direct.open(replica.jdbcUrl(), APPLICATION_NAME, SETTINGS);
                    connections.put(replica, c);
                }
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")) {
                    rs.next();
                    if (!rs.getBoolean(1) || rs.getString(2) == null) {
                        down(replica, "not a standby");
                    } else {
                        boolean wasUp = replica.up();
                        replica.polled(Lsn.parse(rs.getString(2)), primaryLsn);
                        if (!wasUp) {
                            log.info(
                                    "Replica {} answers (replayed {}); it takes reads again",
                                    replica.name(),
                                    rs.getString(2));
                        }
                    }
                }
            } catch (SQLException e) {
                closeQuietly(connections.remove(replica));
                down(replica, e.getClass().getSimpleName() + ": " + e.getSQLState());
            }
        }
        routing.prune();
    }

    private void down(Replica replica, String why) {
        if (replica.up()) {
            log.warn("Replica {} is unavailable ({}); its reads go to the primary", replica.name(), why);
        }
        replica.down(why);
    }

    private long primaryLsn() {
        try {
            if (primary == null || primary.isClosed()) {
                primary = direct.primary(APPLICATION_NAME, SETTINGS);
            }
            try (Statement s = primary.createStatement();
                    ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                rs.next();
                return Lsn.parse(rs.getString(1));
            }
        } catch (SQLException e) {
            closeQuietly(primary);
            primary = null;
            return -1;
        }
    }

    private static void closeQuietly(@Nullable Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }
}
