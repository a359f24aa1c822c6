package dev.brisk.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.brisk.platform.DatabaseOutage;
import dev.brisk.support.Api;
import dev.brisk.support.Cleanup;
import dev.brisk.support.Node;
import dev.brisk.support.PostgresCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * PostgreSQL stopped under load (a throwaway cluster of this test's own, never the shared server):
 * cached reads keep answering, everything that needs the database is 503 + Retry-After (never a plain
 * 500), a 503 write committed nothing, readiness goes DOWN and comes back, the outage is logged once;
 * and a killed LISTEN connection never lets a stale cached answer out.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseOutageIntegrationTest {

    private static final String PASSWORD = "outage-password-1";
    private static PostgresCluster cluster;
    private static Node node;
    private static JdbcClient jdbc;
    private static Api api;
    private static String reader; // org A: reads only, so its cached entries stay current
    private static String writer; // org B: writes (with Idempotency-Key) and uncached reads
    private static long orgA;
    private static long orgB;
    private static long customerA;

    @BeforeAll
    static void start() throws Exception {
        cluster = PostgresCluster.start();
        cluster.createDatabase("brisk");
        node = Node.start(Map.of(
                "spring.datasource.url",
                cluster.jdbcUrl("brisk"),
                "spring.datasource.username",
                "postgres",
                "brisk.database.probe-interval",
                "500ms",
                "brisk.dashboard.auto-refresh",
                "false"));
        api = node.api();
        jdbc = JdbcClient.create(new DriverManagerDataSource(cluster.jdbcUrl("brisk"), "postgres", ""));
        String hash = PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(PASSWORD);
        orgA = org("a", hash);
        orgB = org("b", hash);
        reader = login("admin@a.outage");
        writer = login("admin@b.outage");
        var created = api.post(reader, "/api/customers", "{\"name\":\"Cached Ada\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        customerA = created.json().get("id").asLong();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get(reader, "/api/customers/" + customerA)
                        .header("Server-Timing")
                        .contains("api=local"));
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(node, cluster);
    }

    private static long org(String slug, String hash) {
        long id = jdbc.sql("INSERT INTO organizations (name, slug, currency) VALUES (:n, :s, 'EUR') RETURNING id")
                .param("n", "Outage " + slug)
                .param("s", "outage-" + slug)
                .query(Long.class)
                .single();
        jdbc.sql("INSERT INTO users (org_id, email, name, password_hash, role) VALUES (:org, :e, :e, :h, 'ADMIN')")
                .param("org", id)
                .param("e", "admin@" + slug + ".outage")
                .param("h", hash)
                .update();
        return id;
    }

    private static String login(String email) {
        var response = api.post(null, "/api/auth/login", Api.json(Map.of("email", email, "password", PASSWORD)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("token").asString();
    }

    /** {@code at}: when the request was sent; {@code done}: when its answer came back (System.nanoTime()). */
    record Outcome(
            String kind, String key, int status, String retryAfter, String type, long at, long done, String body) {}

    @Test
    @Order(1)
    void aStoppedDatabaseUnderLoadIs503WhileCachedReadsAnswerAndItRecovers() throws Exception {
        DatabaseOutage outage = node.bean(DatabaseOutage.class);
        long outagesBefore = outage.outages();
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> clientFailure = new AtomicReference<>();
        ExecutorService load = Executors.newFixedThreadPool(6);
        for (int t = 0; t < 6; t++) {
            int role = t % 3;
            load.submit(() -> {
                try {
                    while (running.get()) {
                        long at = System.nanoTime();
                        if (role == 0) {
                            var r = api.get(reader, "/api/customers/" + customerA);
                            outcomes.add(outcome("hit", null, r, at));
                        } else if (role == 1) {
                            var r = api.get(writer, "/api/customers?q=" + UUID.randomUUID());
                            outcomes.add(outcome("miss", null, r, at));
                        } else {
                            String key = UUID.randomUUID().toString();
                            var r = api.send(
                                    writer,
                                    "POST",
                                    "/api/customers",
                                    "{\"name\":\"" + key + "\"}",
                                    "application/json",
                                    "Idempotency-Key",
                                    key);
                            outcomes.add(outcome("write", key, r, at));
                        }
                    }
                } catch (Throwable e) {
                    clientFailure.compareAndSet(null, e);
                }
            });
        }
        // the load runs for a while before the outage: it meets a node in steady state, and the answers
        // from before the stop (all 2xx, checked below) are of every kind
        Thread.sleep(1500);
        long stopAt = System.nanoTime();
        cluster.stopServer();
        long stoppedAt = System.nanoTime();
        awaitReadiness(503, Duration.ofSeconds(15));
        assertThat(api.get(null, "/actuator/health").status()).isEqualTo(503);
        // the outage's length is part of the scenario: long enough for requests that met the failure
        // (a 1 s connection wait) to have answered before the database comes back
        Thread.sleep(2500);
        long startAt = System.nanoTime();
        cluster.startServer();
        awaitReadiness(200, Duration.ofSeconds(60));
        // Recovered = a full second in which every kind of request succeeded. Right after readiness a
        // busy machine may still answer a few 503s (the pool refills its connections, a waiter's 1 s
        // connection timeout runs out); those are checked as proper 503s below, not counted as recovery.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> lastSecondSucceeded(outcomes));
        long endAt = System.nanoTime();
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        root.detachAppender(logs);
        assertThat(clientFailure.get()).isNull();

        List<String> errors = logs.list.stream()
                .filter(e -> e.getLevel() == Level.ERROR)
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : " " + e.getThrowableProxy().getClassName() + " "
                                        + e.getThrowableProxy().getMessage()))
                .toList();
        assertThat(errors).isEmpty();
        // no plain 500: every 5xx is a 503 with Retry-After, or the commit-outcome-unknown problem
        for (Outcome o : outcomes) {
            assertThat(o.status()).as(o.toString()).isIn(200, 201, 503, 500);
            if (o.status() == 503) {
                assertThat(o.retryAfter()).as(o.toString()).isNotNull();
                assertThat(o.type()).as(o.toString()).endsWith("/problems/database-unavailable");
            }
            if (o.status() == 500) {
                assertThat(o.type()).as(o.toString()).endsWith("/problems/commit-outcome-unknown");
            }
        }
        // while it was down (from the stop's end to the start's beginning) cached reads answered, the rest was 503
        List<Outcome> down = outcomes.stream()
                .filter(o -> o.at() > stoppedAt && o.at() < startAt)
                .toList();
        assertThat(down.stream().filter(o -> o.kind().equals("hit")))
                .isNotEmpty()
                .allMatch(o -> o.status() == 200);
        assertThat(down.stream().filter(o -> o.kind().equals("miss")))
                .isNotEmpty()
                .allMatch(o -> o.status() == 503);
        assertThat(down.stream().filter(o -> o.kind().equals("write")))
                .isNotEmpty()
                .allMatch(o -> o.status() == 503);
        // and it recovered
        List<Outcome> after = outcomes.stream()
                .filter(o -> o.at() > endAt - TimeUnit.MILLISECONDS.toNanos(900))
                .toList();
        assertThat(after).isNotEmpty().allMatch(o -> o.status() < 300);
        // every answer that came back before the stop succeeded (one still in flight may be a 503)
        assertThat(outcomes.stream().filter(o -> o.done() < stopAt)).allMatch(o -> o.status() < 300);

        // 503 = not committed; 201 = committed once; unknown = settled by a retry with the same key
        Set<String> committed = ConcurrentHashMap.newKeySet();
        for (Outcome o : outcomes) {
            if (!o.kind().equals("write")) {
                continue;
            }
            long rows = jdbc.sql("SELECT count(*) FROM customers WHERE org_id = :org AND name = :n")
                    .param("org", orgB)
                    .param("n", o.key())
                    .query(Long.class)
                    .single();
            if (o.status() == 503) {
                assertThat(rows).as(o.toString()).isZero();
            } else if (o.status() == 201) {
                assertThat(rows).as(o.toString()).isEqualTo(1);
                committed.add(o.key());
            } else {
                var retry = api.send(
                        writer,
                        "POST",
                        "/api/customers",
                        "{\"name\":\"" + o.key() + "\"}",
                        "application/json",
                        "Idempotency-Key",
                        o.key());
                assertThat(retry.status()).isEqualTo(201);
                committed.add(o.key());
            }
        }
        assertThat(jdbc.sql("SELECT count(*) FROM customers WHERE org_id = :org")
                        .param("org", orgB)
                        .query(Long.class)
                        .single())
                .isEqualTo(committed.size());

        // logged once per outage, no request's stack trace
        assertThat(outage.outages()).isEqualTo(outagesBefore + 1);
        assertThat(logs.list.stream().filter(e -> e.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage))
                .isEmpty();
        assertThat(logs.list.stream().filter(e -> e.getLoggerName().equals(DatabaseOutage.class.getName())))
                .hasSize(2);
        System.out.printf(
                "outage test: %d answers, %d during the outage (%d hits 200, %d 503), 500 unknown=%d%n",
                outcomes.size(),
                down.size(),
                down.stream().filter(o -> o.status() == 200).count(),
                down.stream().filter(o -> o.status() == 503).count(),
                outcomes.stream().filter(o -> o.status() == 500).count());
    }

    @Test
    @Order(2)
    void aKilledListenConnectionNeverLetsAStaleAnswerOut() throws Exception {
        var listenerState = node.bean(DatabaseOutage.class);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !listenerState.changesMayGoUnheard()
                        && api.get(null, "/actuator/health/readiness").status() == 200);
        for (int round = 0; round < 5; round++) {
            // warm: the reader's answer is cached
            api.get(reader, "/api/customers/" + customerA);
            assertThat(api.get(reader, "/api/customers/" + customerA).header("Server-Timing"))
                    .contains("api=local");
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl("brisk"), "postgres", "")) {
                c.createStatement()
                        .execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = "
                                + "'brisk-change-listener' AND datname = current_database()");
                String name = "Renamed " + round;
                // the change commits while the node is not listening: its notification is lost
                await().atMost(Duration.ofSeconds(5))
                        .pollInterval(Duration.ofMillis(1))
                        .until(() -> listenerState.changesMayGoUnheard()
                                || api.get(null, "/actuator/health/readiness").status() == 503);
                c.createStatement().executeUpdate("UPDATE customers SET name = '" + name + "' WHERE id = " + customerA);
                for (int i = 0; i < 20; i++) {
                    var got = api.get(reader, "/api/customers/" + customerA);
                    assertThat(got.status()).isEqualTo(200);
                    assertThat(got.json().get("name").asString())
                            .as("read %d of round %d", i, round)
                            .isEqualTo(name);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get(null, "/actuator/health/readiness").status() == 200);
            var got = api.get(reader, "/api/customers/" + customerA);
            assertThat(got.json().get("name").asString()).isEqualTo("Renamed " + round);
        }
    }

    @Test
    @Order(3)
    void aReadWhoseConnectionDiedIsRetriedOnAFreshOne() throws Exception {
        awaitReadiness(200, Duration.ofSeconds(30));
        var retries =
                node.bean(io.micrometer.core.instrument.MeterRegistry.class).counter("brisk.db.read_retries");
        double before = retries.count();
        ConcurrentLinkedQueue<Api.Response> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            load.submit(() -> {
                while (running.get()) {
                    answers.add(api.get(writer, "/api/customers?q=" + UUID.randomUUID())); // uncached: needs SQL
                }
            });
        }
        for (int round = 0; round < 5; round++) {
            awaitMoreAnswers(answers);
            // every pool connection of the node dies; the database stays up
            try (Connection c = DriverManager.getConnection(cluster.jdbcUrl("brisk"), "postgres", "")) {
                c.createStatement()
                        .execute(
                                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                                        + " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                                        + " AND application_name <> 'brisk-change-listener'");
            }
        }
        awaitMoreAnswers(answers);
        running.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        assertThat(answers)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        assertThat(retries.count()).isGreaterThan(before);
    }

    private static void awaitReadiness(int status, Duration atMost) {
        await().atMost(atMost)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(null, "/actuator/health/readiness").status(), s -> s == status);
    }

    /** Waits until the load has had 20 more answers: the node serves between two connection kills. */
    private static void awaitMoreAnswers(Collection<Api.Response> answers) {
        int seen = answers.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> answers.size() >= seen + 20);
    }

    private static boolean lastSecondSucceeded(Collection<Outcome> outcomes) {
        long since = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
        List<Outcome> recent = outcomes.stream().filter(o -> o.at() > since).toList();
        return recent.stream().map(Outcome::kind).distinct().count() == 3
                && recent.stream().allMatch(o -> o.status() < 300);
    }

    private static Outcome outcome(String kind, String key, Api.Response r, long at) {
        long done = System.nanoTime();
        String type = null;
        if (r.status() >= 400 && r.body() != null && !r.body().isEmpty()) {
            var t = r.json().get("type");
            type = t == null ? null : t.asString();
        }
        return new Outcome(
                kind, key, r.status(), r.header("Retry-After"), type, at, done, r.status() >= 500 ? r.body() : null);
    }
}
