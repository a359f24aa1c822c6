package dev.brisk.stalecheck;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The stale-read checker, small and fast, against two stub nodes over a real PostgreSQL (the tables
 * it touches only): each node caches customer details for a while and hears a write's change number
 * late, like Brisk. A node that honours the change cookie gives no stale own read; one that ignores
 * it is caught.
 */
class StaleReadCheckerTest {

    private static EmbeddedPostgres embedded;
    private static String serverUrl;
    private static String database;
    private static String url;

    @BeforeAll
    static void database() throws Exception {
        serverUrl = System.getenv().getOrDefault("BRISK_BENCH_TEST_JDBC", "jdbc:postgresql://localhost:5432/");
        try (Connection ignored = DriverManager.getConnection(serverUrl + "postgres", "postgres", "")) {
            // the shared server will do
        } catch (SQLException e) {
            embedded = EmbeddedPostgres.builder().start();
            serverUrl = "jdbc:postgresql://localhost:" + embedded.getPort() + "/";
        }
        database = "brisk_bench_stale_" + ProcessHandle.current().pid();
        try (Connection c = DriverManager.getConnection(serverUrl + "postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database);
        }
        url = serverUrl + database;
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE organizations (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL,
                        slug text NOT NULL UNIQUE, currency char(3) NOT NULL);
                    CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL,
                        email text NOT NULL UNIQUE, name text NOT NULL, password_hash text NOT NULL, role text NOT NULL);
                    CREATE TABLE customers (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, org_id bigint NOT NULL,
                        name text NOT NULL);
                    """);
        }
    }

    @AfterAll
    static void drop() throws Exception {
        try (Connection c = DriverManager.getConnection(serverUrl + "postgres", "postgres", "");
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    @Test
    void nodesThatHonourTheChangeNumberGiveNoStaleOwnRead() throws Exception {
        AtomicInteger redisKills = new AtomicInteger();
        AtomicInteger redisStarts = new AtomicInteger();
        StaleReadReport report;
        try (StubNodes nodes = new StubNodes(true)) {
            report = new StaleReadChecker(config(nodes, new CheckConfig.RedisFaults() {
                        @Override
                        public void kill() {
                            redisKills.incrementAndGet();
                        }

                        @Override
                        public void start() {
                            redisStarts.incrementAndGet();
                        }
                    }))
                    .run();
        }
        assertThat(report.writes()).isPositive();
        assertThat(report.ownReads()).isPositive();
        assertThat(report.ownStale()).isEmpty();
        assertThat(report.ownReadsFresh()).isTrue();
        assertThat(report.failedRequests()).as(report.markdown()).isZero();
        assertThat(report.otherReads()).isPositive();
        assertThat(report.writeToVisible()).isNotNull();
        assertThat(report.writeToVisible().samples()).isPositive();
        // faults alternate: at least one of each in the run, and Redis came back each time
        assertThat(report.listenerKills()).isPositive();
        assertThat(report.redisRestarts()).isPositive().isEqualTo(redisStarts.get());
        assertThat(redisKills.get()).isEqualTo(redisStarts.get());
        assertThat(report.markdown()).contains("stale: **0**");
    }

    @Test
    void aNodeThatIgnoresTheChangeNumberIsCaught() throws Exception {
        StaleReadReport report;
        try (StubNodes nodes = new StubNodes(false)) {
            report = new StaleReadChecker(config(nodes, null)).run();
        }
        assertThat(report.ownStale()).as(report.markdown()).isNotEmpty();
        assertThat(report.ownStale().getFirst()).contains("wrote").contains("read");
        assertThat(report.redisRestarts()).isZero(); // no Redis faults configured: LISTEN kills only
    }

    @Test
    void requestsToANodeThatIsGoneAreCountedAsFailed() throws Exception {
        int gone;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            gone = socket.getLocalPort(); // closed again: nothing listens there
        }
        StaleReadReport report;
        try (StubNodes nodes = new StubNodes(true)) {
            List<URI> withAGoneNode = List.of(nodes.urls().getFirst(), URI.create("http://127.0.0.1:" + gone));
            report = new StaleReadChecker(CheckConfig.of(withAGoneNode, url, "postgres", "", null)
                            .withDuration(Duration.ofSeconds(2))
                            .withFaults(Duration.ZERO, Duration.ZERO))
                    .run();
        }
        assertThat(report.failedRequests()).isPositive();
        assertThat(report.firstFailures()).isNotEmpty().allMatch(f -> f.contains(":" + gone));
        assertThat(report.markdown()).contains("failed requests");
    }

    private static CheckConfig config(StubNodes nodes, CheckConfig.RedisFaults redis) {
        return CheckConfig.of(nodes.urls(), url, "postgres", "", redis)
                .withDuration(Duration.ofSeconds(2))
                .withFaults(Duration.ofMillis(500), Duration.ofMillis(50));
    }

    /**
     * Two HTTP nodes over the test database. An honest node caches details for 150 ms, hears an
     * API write's change number {@link #HEAR_MILLIS} after it was made (writes made in SQL only
     * through the cache expiring), and makes a read whose cookie names a change wait until it has
     * heard it, then read the database. A dishonest one ignores the cookie, hears no write at all
     * and keeps what it cached.
     */
    static final class StubNodes implements AutoCloseable {
        static final long HEAR_MILLIS = 60;
        private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"(\\d+)\"");
        private static final Pattern EMAIL = Pattern.compile("\"email\"\\s*:\\s*\"([^\"]+)\"");
        private static final Pattern COOKIE = Pattern.compile("brisk_change=(\\d+)");

        private final boolean honourCookie;
        private final AtomicLong changes = new AtomicLong();
        private final List<Node> nodes;
        private final long ttlMillis;

        StubNodes(boolean honourCookie) throws IOException {
            this.honourCookie = honourCookie;
            this.ttlMillis = honourCookie ? 150 : Long.MAX_VALUE;
            this.nodes = List.of(new Node(), new Node());
        }

        List<URI> urls() {
            return nodes.stream()
                    .map(n -> URI.create(
                            "http://127.0.0.1:" + n.server.getAddress().getPort()))
                    .toList();
        }

        @Override
        public void close() {
            for (Node n : nodes) {
                n.server.stop(0);
                try {
                    n.db.close();
                } catch (SQLException e) {
                    // closing anyway
                }
            }
        }

        private final class Node {
            final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            final AtomicLong heard = new AtomicLong();
            /** customer → {value, cachedAtMillis} */
            final Map<Long, long[]> cache = new ConcurrentHashMap<>();
            /** One connection, one request at a time: opening one per request is slow on a loaded machine. */
            final Connection db;

            Node() throws IOException {
                try {
                    db = DriverManager.getConnection(url, "postgres", "");
                } catch (SQLException e) {
                    throw new IOException(e);
                }
                server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
                server.createContext("/", this::handle);
                server.start();
            }

            void handle(HttpExchange x) throws IOException {
                String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = x.getRequestURI().getPath();
                try {
                    if (path.equals("/api/auth/login")) {
                        Matcher m = EMAIL.matcher(body);
                        boolean found = m.find();
                        respond(x, found ? 200 : 400, "{\"token\":\"t-" + (found ? m.group(1) : "") + "\"}");
                    } else if (path.startsWith("/api/customers/")
                            && x.getRequestMethod().equals("PATCH")) {
                        patch(x, Long.parseLong(path.substring(15)), body);
                    } else if (path.startsWith("/api/customers/")) {
                        get(x, Long.parseLong(path.substring(15)));
                    } else {
                        respond(x, 404, "{}");
                    }
                } catch (SQLException | InterruptedException e) {
                    respond(x, 500, "{}");
                }
            }

            void patch(HttpExchange x, long id, String body) throws SQLException, IOException {
                Matcher m = NAME.matcher(body);
                m.find();
                long value = Long.parseLong(m.group(1));
                synchronized (db) {
                    try (PreparedStatement s = db.prepareStatement("UPDATE customers SET name = ? WHERE id = ?")) {
                        s.setString(1, Long.toString(value));
                        s.setLong(2, id);
                        s.executeUpdate();
                    }
                }
                long change = changes.incrementAndGet();
                if (honourCookie) {
                    cache.remove(id); // the writing node drops its own entry at once
                }
                for (Node n : honourCookie ? nodes : List.<Node>of()) {
                    Thread.ofVirtual().start(() -> {
                        sleep(HEAR_MILLIS);
                        n.cache.remove(id);
                        n.heard.accumulateAndGet(change, Math::max);
                    });
                }
                x.getResponseHeaders().add("Brisk-Change", Long.toString(change));
                respond(x, 200, "{\"id\":" + id + ",\"name\":\"" + value + "\"}");
            }

            void get(HttpExchange x, long id) throws SQLException, IOException, InterruptedException {
                String cookie = x.getRequestHeaders().getFirst("Cookie");
                Matcher m = cookie == null ? null : COOKIE.matcher(cookie);
                long wanted = m != null && m.find() ? Long.parseLong(m.group(1)) : 0;
                long now = System.currentTimeMillis();
                long[] entry = cache.get(id);
                // an honest node: a caller with a change number reads past the cache, once it has heard it
                boolean bypass = honourCookie && wanted > 0;
                for (int i = 0; bypass && i < 50 && wanted > heard.get(); i++) {
                    Thread.sleep(1);
                }
                if (!bypass && entry != null && now - entry[1] < ttlMillis) {
                    respond(x, 200, "{\"id\":" + id + ",\"name\":\"" + entry[0] + "\"}");
                    return;
                }
                long value;
                synchronized (db) {
                    try (PreparedStatement s = db.prepareStatement("SELECT name FROM customers WHERE id = ?")) {
                        s.setLong(1, id);
                        try (ResultSet rs = s.executeQuery()) {
                            rs.next();
                            value = Long.parseLong(rs.getString(1));
                        }
                    }
                }
                if (!bypass) {
                    cache.put(id, new long[] {value, now});
                }
                respond(x, 200, "{\"id\":" + id + ",\"name\":\"" + value + "\"}");
            }
        }

        private static void respond(HttpExchange x, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            x.getResponseHeaders().add("Content-Type", "application/json");
            x.sendResponseHeaders(status, bytes.length);
            x.getResponseBody().write(bytes);
            x.close();
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
