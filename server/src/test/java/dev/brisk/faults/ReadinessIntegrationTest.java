package dev.brisk.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.brisk.support.Api;
import dev.brisk.support.Node;
import dev.brisk.support.TestDatabase;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;

/**
 * Readiness is the truth: a node started on a fresh database (migrations, demo seed, dashboard refresh)
 * never gives a wrong answer to a login or a dashboard before it is ready, and neither the root health
 * nor readiness says UP before both work. Shutdown: readiness first, SSE streams closed, the in-flight
 * request finishes, then the pool closes.
 */
class ReadinessIntegrationTest {

    private static final String SERVER = "jdbc:postgresql://localhost:5432/";
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Round(int root, int readiness, int login, long customers) {}

    @Test
    void aNodeOnAFreshDatabaseAnswersNothingWrongBeforeItIsReady() throws Exception {
        String db = TestDatabase.uniqueName("ready");
        sql("CREATE DATABASE " + db);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Api api = new Api(port);
        List<Round> rounds = new ArrayList<>();
        CompletableFuture<Node> starting = CompletableFuture.supplyAsync(() -> Node.start(Map.of(
                "spring.datasource.url",
                SERVER + db,
                "server.port",
                Integer.toString(port),
                "brisk.demo.seed",
                "true",
                "brisk.demo.customers",
                "60",
                "brisk.demo.products",
                "30",
                "brisk.demo.orders",
                "800")));
        Node node = null;
        try {
            // poll every 20 ms through the whole start-up, until the node is up and has said ready
            await().atMost(Duration.ofMinutes(5))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> {
                        rounds.add(round(api));
                        return starting.isCompletedExceptionally()
                                || (starting.isDone() && rounds.stream().anyMatch(r -> r.readiness() == 200));
                    });
            node = starting.get(5, TimeUnit.MINUTES);
            rounds.add(round(api));
            long customers = 0;
            try (Connection c = DriverManager.getConnection(SERVER + db, "postgres", "");
                    Statement s = c.createStatement();
                    var rs = s.executeQuery("SELECT count(*) FROM customers c JOIN organizations o ON o.id = c.org_id"
                            + " WHERE o.name = 'Demo Co' AND c.deleted_at IS NULL")) {
                rs.next();
                customers = rs.getLong(1);
            }
            assertThat(customers).isPositive();
            List<Round> answered = rounds.stream().filter(r -> r.login() != 0).toList();
            assertThat(answered).as("the API answered during start-up").isNotEmpty();
            for (Round r : rounds) {
                // before ready, a login is 503 (not a wrong 401); once ready it works and the dashboard counts the seed
                assertThat(r.login()).as(r.toString()).isIn(0, 503, 200);
                if (r.login() == 200) {
                    assertThat(r.customers()).as(r.toString()).isEqualTo(customers);
                }
                if (r.root() == 200 || r.readiness() == 200) {
                    assertThat(r.login()).as("health said UP: " + r).isEqualTo(200);
                }
            }
            assertThat(rounds.getLast().login()).isEqualTo(200);
            System.out.printf(
                    "start-up: %d polls, %d answered 503 before ready%n",
                    rounds.size(), rounds.stream().filter(r -> r.login() == 503).count());
        } finally {
            if (node == null && !starting.isDone()) {
                node = starting.get(5, TimeUnit.MINUTES);
            }
            if (node != null) {
                node.close();
            }
            sql("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    private static Round round(Api api) {
        int root = status(api, "/actuator/health");
        int readiness = status(api, "/actuator/health/readiness");
        int login = 0;
        long customers = -1;
        try {
            var response =
                    api.post(null, "/api/auth/login", "{\"email\":\"demo@brisk.dev\",\"password\":\"brisk-demo\"}");
            login = response.status();
            if (login == 200) {
                var dashboard = api.get(response.json().get("token").asString(), "/api/dashboard");
                customers = dashboard.status() == 200
                        ? dashboard.json().get("customers").get("total").asLong()
                        : -dashboard.status();
            }
        } catch (RuntimeException notListening) {
            // the port is not open yet
        }
        return new Round(root, readiness, login, customers);
    }

    private static int status(Api api, String path) {
        try {
            return api.get(null, path).status();
        } catch (RuntimeException notListening) {
            return 0;
        }
    }

    @Test
    void shutdownTurnsReadinessDownClosesStreamsFinishesRequestsThenClosesThePool() throws Exception {
        Node node = Node.start(Map.of());
        Api api = node.api();
        HikariDataSource pool = node.bean(DataSource.class).unwrap(HikariDataSource.class);
        String url = TestDatabase.jdbcUrl();
        long orgId;
        String token;
        String operator;
        long customer;
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
                Statement s = c.createStatement()) {
            String slug = "shutdown-" + System.nanoTime();
            var rs = s.executeQuery("INSERT INTO organizations (name, slug, currency) VALUES ('Shutdown', '" + slug
                    + "', 'EUR') RETURNING id");
            rs.next();
            orgId = rs.getLong(1);
            String hash =
                    org.springframework.security.crypto.factory.PasswordEncoderFactories
                            .createDelegatingPasswordEncoder()
                            .encode("pw-shutdown-1");
            s.executeUpdate("INSERT INTO users (org_id, email, name, password_hash, role) VALUES (" + orgId
                    + ", 'admin@" + slug + ".test', 'Admin', '" + hash + "', 'ADMIN')");
            token = api.post(
                            null,
                            "/api/auth/login",
                            "{\"email\":\"admin@" + slug + ".test\",\"password\":\"pw-shutdown-1\"}")
                    .json()
                    .get("token")
                    .asString();
            // the live stream belongs to a platform operator
            s.executeUpdate(
                    "INSERT INTO organizations (name, slug, currency, platform) VALUES ('Brisk Platform', 'brisk-platform', 'EUR', true)"
                            + " ON CONFLICT DO NOTHING");
            s.executeUpdate("INSERT INTO users (org_id, email, name, password_hash, role) SELECT id, 'operator@" + slug
                    + ".test', 'Operator', '" + hash + "', 'OPERATOR' FROM organizations WHERE platform");
            operator = api.post(
                            null,
                            "/api/auth/login",
                            "{\"email\":\"operator@" + slug + ".test\",\"password\":\"pw-shutdown-1\"}")
                    .json()
                    .get("token")
                    .asString();
        }
        customer = api.post(token, "/api/customers", "{\"name\":\"Slow\"}")
                .json()
                .get("id")
                .asLong();

        // a live stream (SSE) that would otherwise never end
        HttpResponse<InputStream> stream = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/api/monitoring/stream"))
                        .header("Authorization", "Bearer " + operator)
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        CompletableFuture<Long> streamEnded = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = stream.body()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
                return System.nanoTime();
            } catch (Exception e) {
                return System.nanoTime();
            }
        });

        try (Connection lock = DriverManager.getConnection(url, "postgres", "")) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("SELECT * FROM customers WHERE id = " + customer + " FOR UPDATE");
            // an in-flight request, blocked on the row lock
            CompletableFuture<Api.Response> inFlight = CompletableFuture.supplyAsync(
                    () -> api.patch(token, "/api/customers/" + customer, "{\"name\":\"Finished\"}"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> pool.getHikariPoolMXBean().getActiveConnections() >= 1);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(node::close);
            ApplicationAvailability availability = node.bean(ApplicationAvailability.class);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> availability.getReadinessState() == ReadinessState.REFUSING_TRAFFIC);
            streamEnded.get(15, TimeUnit.SECONDS); // closed while the request is still running
            assertThat(inFlight).isNotDone();
            assertThat(closing).isNotDone();
            assertThat(pool.isClosed()).isFalse();
            lock.rollback();
            Api.Response finished = inFlight.get(30, TimeUnit.SECONDS);
            assertThat(finished.status()).as(finished.toString()).isEqualTo(200);
            assertThat(finished.json().get("name").asString()).isEqualTo("Finished");
            closing.get(60, TimeUnit.SECONDS);
        }
        assertThat(pool.isClosed()).isTrue();
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
