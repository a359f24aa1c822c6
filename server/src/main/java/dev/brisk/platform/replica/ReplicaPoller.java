package dev.brisk.platform.replica;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Every {@code poll-interval}: the primary's WAL position, then each replica's replay position, on
 * connections of its own (outside the pools and the query monitor). A replica that does not answer, or is
 * no longer in recovery (promoted: it may have left the primary's timeline), is down until it answers as a
 * standby again.
 */
final class ReplicaPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplicaPoller.class);

    private final ReadRouting routing;
    private final ReplicaProperties properties;
    private final String primaryUrl;
    private final Properties credentials;
    private final Map<Replica, Connection> connections = new HashMap<>();
    private Connection primary;
    private volatile boolean running;
    private volatile Thread thread;

    ReplicaPoller(ReadRouting routing, ReplicaProperties properties, String primaryUrl, Properties credentials) {
        this.routing = routing;
        this.properties = properties;
        this.primaryUrl = primaryUrl;
        this.credentials = credentials;
    }

    @Override
    public void start() {
        if (!routing.enabled()) {
            return;
        }
        running = true;
        thread = Thread.ofPlatform().name("brisk-replica-poller").daemon().start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void loop() {
        while (running) {
            pollOnce();
            try {
                Thread.sleep(properties.pollInterval().toMillis());
            } catch (InterruptedException e) {
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
                    c = connect(replica.jdbcUrl());
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
                            log.info("Replica {} answers (replayed {}); it takes reads again", replica.name(), rs.getString(2));
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
                primary = connect(primaryUrl);
            }
            try (Statement s = primary.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                rs.next();
                return Lsn.parse(rs.getString(1));
            }
        } catch (SQLException e) {
            closeQuietly(primary);
            primary = null;
            return -1;
        }
    }

    private Connection connect(String url) throws SQLException {
        Properties props = new Properties();
        props.putAll(credentials);
        props.setProperty("ApplicationName", "brisk-replica-poller");
        props.setProperty("connectTimeout", "1");
        props.setProperty("socketTimeout", "2");
        return DriverManager.getConnection(url, props);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }
}
