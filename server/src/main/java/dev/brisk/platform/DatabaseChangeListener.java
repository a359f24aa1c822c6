package dev.brisk.platform;

import dev.brisk.platform.replica.ReadRouting;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds one dedicated connection (outside the pool) that LISTENs on {@code brisk_changes} and
 * republishes each notification as a {@link DatabaseChange} application event. If the connection
 * drops it reconnects with backoff, and once listening again publishes {@link DatabaseChange#gap()}
 * so in-process caches drop everything they may have kept past a missed change.
 */
@Component
class DatabaseChangeListener extends BackgroundLoop {

    static final String CHANNEL = "brisk_changes";
    static final String APPLICATION_NAME = "brisk-change-listener";

    private static final Logger log = LoggerFactory.getLogger(DatabaseChangeListener.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private static final Map<String, String> SETTINGS = Map.of("tcpKeepAlive", "true", "connectTimeout", "2");

    private final DirectConnections connections;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;
    private final ReadRouting replicas;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean connected;

    DatabaseChangeListener(
            DirectConnections connections, ApplicationEventPublisher events, JsonMapper json, ReadRouting replicas) {
        super(APPLICATION_NAME);
        this.connections = connections;
        this.events = events;
        this.json = json;
        this.replicas = replicas;
    }

    /** Listening right now; false between a lost connection and the next successful LISTEN. */
    public boolean connected() {
        return connected;
    }

    public long received() {
        return received.get();
    }

    public long reconnects() {
        return reconnects.get();
    }

    @Override
    protected void loop() {
        long backoffMillis = 100;
        boolean first = true;
        while (isRunning()) {
            try (Connection connection = connect()) {
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                heardUpToNow(connection);
                connected = true;
                backoffMillis = 100;
                if (!first) {
                    reconnects.incrementAndGet();
                    log.warn("Change listener reconnected; dropping in-process cache entries that may be stale");
                    events.publishEvent(DatabaseChange.gap());
                }
                first = false;
                events.publishEvent(new ListeningFrom(sequenceValue(connection)));
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (isRunning()) {
                    PGNotification[] batch = pg.getNotifications(500);
                    if (batch == null) {
                        continue;
                    }
                    heardUpToNow(connection);
                    for (PGNotification n : batch) {
                        received.incrementAndGet();
                        events.publishEvent(parse(n.getParameter()));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!isRunning()) {
                    break;
                }
                if (connected) {
                    // Until we listen again we may miss changes; tell the caches right away as well, unless
                    // the whole database is away: then nobody can change it, and what the caches hold stays
                    // right and keeps answering (the gap published on reconnecting clears them anyway).
                    if (databaseAnswers()) {
                        log.warn("Change listener lost its connection: {}", e.getMessage());
                        events.publishEvent(DatabaseChange.gap());
                    } else {
                        log.warn(
                                "Change listener lost its connection, the database is unreachable: {}", e.getMessage());
                    }
                }
                connected = false;
                first = false;
                pause(backoffMillis);
                backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
            }
        }
        connected = false;
    }

    /** Where brisk_change_seq stands now (its last number handed out, committed or not). */
    private static long sequenceValue(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                var rs = s.executeQuery(
                        "SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM brisk_change_seq")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * With read replicas: the primary's WAL position now, which is past the commit of every change heard so
     * far, recorded before the caches act on them, so no cache is filled from a replica behind them.
     */
    private void heardUpToNow(Connection connection) throws SQLException {
        if (!replicas.enabled()) {
            return;
        }
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            replicas.heard(rs.getString(1));
        }
    }

    private Connection connect() throws SQLException {
        return connections.primary(APPLICATION_NAME, SETTINGS);
    }

    private boolean databaseAnswers() {
        try (Connection probe = connect()) {
            return probe.isValid(1);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    DatabaseChange parse(String payload) {
        try {
            JsonNode node = json.readTree(payload);
            String table = node.path("table").asString(null);
            long seq = node.path("seq").asLong(0);
            boolean wide = node.path("wide").asBoolean(false);
            boolean inserted = node.path("insert").asBoolean(false);
            Set<Long> rows = ids(node.path("rows"));
            if (node.path("all").asBoolean(false)) {
                return new DatabaseChange(table, Set.of(), Set.of(), true, seq, rows, wide, inserted);
            }
            return new DatabaseChange(
                    table, ids(node.path("orgs")), ids(node.path("users")), false, seq, rows, wide, inserted);
        } catch (RuntimeException e) {
            log.warn("Unreadable change notification; treating it as a change to everything");
            return DatabaseChange.gap();
        }
    }

    private static Set<Long> ids(JsonNode array) {
        Set<Long> ids = new HashSet<>();
        array.forEach(id -> ids.add(id.asLong()));
        return Set.copyOf(ids);
    }
}
