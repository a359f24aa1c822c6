package dev.brisk.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.BriskApplication;
import dev.brisk.support.Api;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * The demo data on databases of its own, because seeding only happens where there are no
 * organizations and the shared test database has plenty. Database A is seeded the way a user sees
 * it: the whole application started on it with {@code brisk.demo.seed=true}. Database B is
 * migrated with Flyway and seeded by calling the seeder directly, a few seconds later.
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoDataIntegrationTest {

    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private static final DemoProperties PROPERTIES = new DemoProperties(true, 400, 200, 5000, 30, 20240917);

    private static EmbeddedPostgres embedded;
    private static String serverUrl; // jdbc:postgresql://host:port/
    private static String dbA;
    private static String dbB;
    private static ConfigurableApplicationContext app;
    private static String startupLog;
    private static JdbcClient a;
    private static JdbcClient b;
    private static DataSource dataSourceB;
    private static DemoSeeder.Result seededB;

    @BeforeAll
    static void seedTwoFreshDatabases(CapturedOutput output) throws Exception {
        String prefix = dev.brisk.support.TestDatabase.uniqueName("seed");
        dbA = prefix + "_seed_a";
        dbB = prefix + "_seed_b";
        serverUrl = server();
        recreate(dbA);
        recreate(dbB);

        app = start(dbA);
        startupLog = output.getAll();
        a = JdbcClient.create(dataSource(dbA));

        dataSourceB = dataSource(dbB);
        Flyway.configure()
                .dataSource(dataSourceB)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        b = JdbcClient.create(dataSourceB);
        seededB = new DemoSeeder(dataSourceB, ENCODER, PROPERTIES)
                .seed(Instant.now())
                .orElseThrow();
        System.out.println(
                "Demo seed into a fresh database took " + seededB.took().toMillis() + " ms: " + seededB.orgs());
    }

    @AfterAll
    static void stop() throws IOException, SQLException {
        if (app != null) {
            app.close();
        }
        if (embedded != null) {
            embedded.close();
        } else if (serverUrl != null) {
            drop(dbA);
            drop(dbB);
        }
    }

    @Test
    void startingOnAnEmptyDatabaseSeedsItAndEndsTheLogWithTheBanner() {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        String banner = """
                ========================================================================
                  Brisk is ready:    http://localhost:%1$d/
                  API docs:          http://localhost:%1$d/swagger-ui.html
                  Demo logins (password: brisk-demo):
                    demo@brisk.dev         ADMIN     Demo Co
                    member@brisk.dev       MEMBER    Demo Co
                    admin@other.brisk.dev  ADMIN     Other Ltd
                    operator@brisk.dev     OPERATOR  Brisk Platform
                ========================================================================
                """.formatted(port);
        String log = startupLog.replace(System.lineSeparator(), "\n");
        assertThat(log).contains("Seeded demo data in");
        assertThat(log.strip()).as("the banner is the last thing logged").endsWith(banner.strip());
        assertThat(log.indexOf("Seeded demo data")).isLessThan(log.indexOf("Brisk is ready"));
    }

    @Test
    void theThreeLoginsWorkAndTheirDataIsSeparate() {
        Api api = new Api(((WebServerApplicationContext) app).getWebServer().getPort());
        for (var login : DemoSeeder.LOGINS) {
            var response = api.post(
                    null, "/api/auth/login", Api.json(Map.of("email", login.email(), "password", "brisk-demo")));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().get("user").get("role").asString()).isEqualTo(login.role());
        }
        String token = api.post(
                        null, "/api/auth/login", Api.json(Map.of("email", "demo@brisk.dev", "password", "brisk-demo")))
                .json()
                .get("token")
                .asString();
        var first = api.get(token, "/api/customers?limit=5").json();
        assertThat(first.get("items")).hasSize(5);
        assertThat(first.get("nextCursor").isNull()).isFalse();
        var second = api.get(
                        token,
                        "/api/customers?limit=5&cursor="
                                + first.get("nextCursor").asString())
                .json();
        assertThat(second.get("items")).hasSize(5);

        String other = api.post(
                        null,
                        "/api/auth/login",
                        Api.json(Map.of("email", "admin@other.brisk.dev", "password", "brisk-demo")))
                .json()
                .get("token")
                .asString();
        long demoCustomer = first.get("items").get(0).get("id").asLong();
        assertThat(api.get(other, "/api/customers/" + demoCustomer).status()).isEqualTo(404);

        for (var login : DemoSeeder.LOGINS) {
            String hash = b.sql("SELECT password_hash FROM users WHERE email = ?")
                    .param(login.email())
                    .query(String.class)
                    .single();
            assertThat(hash).startsWith("{bcrypt}");
            assertThat(ENCODER.matches("brisk-demo", hash)).isTrue();
        }
    }

    @Test
    void countsAndEveryStatus() {
        for (JdbcClient db : List.of(a, b)) {
            assertThat(db.sql("SELECT slug || ':' || currency FROM organizations ORDER BY id")
                            .query(String.class)
                            .list())
                    .containsExactly("demo-co:EUR", "other-ltd:USD", "brisk-platform:EUR");
            assertThat(db.sql("""
                    SELECT u.email || ':' || u.role || ':' || o.slug FROM users u JOIN organizations o ON o.id = u.org_id
                    ORDER BY u.id""").query(String.class).list())
                    .containsExactly(
                            "demo@brisk.dev:ADMIN:demo-co",
                            "member@brisk.dev:MEMBER:demo-co",
                            "admin@other.brisk.dev:ADMIN:other-ltd",
                            "operator@brisk.dev:OPERATOR:brisk-platform");
            assertThat(counts(db, "demo-co")).isEqualTo(List.of(400L, 200L, 5000L));
            assertThat(counts(db, "other-ltd")).isEqualTo(List.of(120L, 60L, 1500L));
            assertThat(db.sql("SELECT count(*) FROM order_items")
                            .query(Long.class)
                            .single())
                    .isBetween(13_000L, 19_500L);
            assertThat(db.sql("SELECT count(*) FROM invoices").query(Long.class).single())
                    .isBetween(5_000L, 6_500L);

            for (String slug : List.of("demo-co", "other-ltd")) {
                assertThat(statuses(db, "customers", slug)).containsExactlyInAnyOrder("LEAD", "ACTIVE", "CHURNED");
                assertThat(statuses(db, "products", slug)).containsExactlyInAnyOrder("ACTIVE", "ARCHIVED");
                assertThat(statuses(db, "orders", slug))
                        .containsExactlyInAnyOrder("DRAFT", "PLACED", "PAID", "SHIPPED", "CANCELLED", "REFUNDED");
                assertThat(statuses(db, "invoices", slug))
                        .containsExactlyInAnyOrder("DRAFT", "SENT", "PAID", "OVERDUE", "VOID");
                for (String table : List.of("customers", "products", "orders", "order_items", "invoices")) {
                    assertThat(db.sql("""
                            SELECT count(*) FROM %s t JOIN organizations o ON o.id = t.org_id
                            WHERE o.slug = ? AND t.deleted_at IS NOT NULL""".formatted(table))
                                    .param(slug)
                                    .query(Long.class)
                                    .single())
                            .as("soft-deleted %s of %s", table, slug)
                            .isBetween(1L, 60L);
                }
            }
            assertThat(db.sql("""
                    SELECT count(*) FROM orders
                    WHERE deleted_at IS NULL AND placed_at > now() - interval '30 days'""").query(Long.class).single())
                    .as("the dashboard's last 30 days")
                    .isGreaterThan(300L);
        }
    }

    @Test
    void totalsNumbersCountersAndInvoiceDatesAreConsistent() {
        for (JdbcClient db : List.of(a, b)) {
            // (joins on aggregates: the base schema has no index on order_items.order_id yet)
            assertThat(db.sql("""
                    SELECT count(*) FROM orders o
                    LEFT JOIN (SELECT order_id, sum(quantity * unit_price) AS total FROM order_items GROUP BY order_id) i
                           ON i.order_id = o.id
                    WHERE o.total IS DISTINCT FROM i.total
                    """).query(Long.class).single())
                    .as("orders whose total is not the sum of their items")
                    .isZero();
            assertThat(db.sql("""
                    SELECT count(*) FROM (SELECT order_id FROM order_items GROUP BY order_id
                                          HAVING count(*) NOT BETWEEN 1 AND 5 OR count(DISTINCT product_id) <> count(*)) x
                    """).query(Long.class).single()).isZero();
            assertThat(db.sql(
                                    "SELECT count(*) FROM invoices i JOIN orders o ON o.id = i.order_id WHERE i.amount <> o.total OR i.customer_id <> o.customer_id")
                            .query(Long.class)
                            .single())
                    .isZero();
            // Numbers are 1..n per org, and the counters stand at n, so the next number is free.
            for (String table : List.of("orders", "invoices")) {
                String counter = table.equals("orders") ? "order" : "invoice";
                assertThat(db.sql("""
                        SELECT count(*) FROM organizations o
                        JOIN (SELECT org_id, count(*) n, count(DISTINCT number) d, min(number) lo, max(number) hi
                              FROM %s GROUP BY org_id) t ON t.org_id = o.id
                        JOIN org_counters c ON c.org_id = o.id AND c.name = '%s'
                        WHERE t.n = t.d AND t.lo = 1 AND t.hi = t.n AND c.value = t.hi
                        """.formatted(table, counter))
                                .query(Long.class)
                                .single())
                        .as(table)
                        .isEqualTo(2);
            }
            assertThat(db.sql("""
                    SELECT count(*) FROM invoices WHERE
                        (status = 'PAID') <> (paid_at IS NOT NULL)
                     OR (status IN ('SENT', 'PAID', 'OVERDUE') AND issued_at IS NULL)
                     OR (status = 'DRAFT' AND issued_at IS NOT NULL)
                     OR (status = 'OVERDUE' AND due_date >= current_date)
                     OR (status = 'SENT' AND due_date < current_date)
                     OR created_at > updated_at OR created_at > now()
                    """).query(Long.class).single()).isZero();
            assertThat(db.sql("""
                    SELECT count(*) FROM orders WHERE
                        (status = 'DRAFT' AND placed_at IS NOT NULL)
                     OR placed_at < created_at OR created_at > updated_at OR updated_at > now()
                     OR created_at < now() - interval '366 days'
                    """).query(Long.class).single()).isZero();
            assertThat(db.sql("""
                    SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.created_at > o.created_at
                    """).query(Long.class).single()).isZero();
        }
    }

    @Test
    void twoSeedsGiveTheSameData() {
        String customers =
                "SELECT o.slug, c.name, c.email, c.company, c.status FROM customers c JOIN organizations o ON o.id = c.org_id ORDER BY c.id";
        String products =
                "SELECT o.slug, p.sku, p.name, p.price, p.status, p.stock FROM products p JOIN organizations o ON o.id = p.org_id ORDER BY p.id";
        String orders = """
                SELECT o.slug, x.number, x.status, x.total, c.email, x.deleted_at IS NULL AS live, i.items
                FROM orders x JOIN organizations o ON o.id = x.org_id JOIN customers c ON c.id = x.customer_id
                JOIN (SELECT i.order_id, string_agg(p.sku || 'x' || i.quantity, ',' ORDER BY i.id) AS items
                      FROM order_items i JOIN products p ON p.id = i.product_id GROUP BY i.order_id) i ON i.order_id = x.id
                ORDER BY x.id""";
        String invoices = """
                SELECT o.slug, i.number, i.status, i.amount, x.number AS order_number, i.deleted_at IS NULL AS live
                FROM invoices i JOIN organizations o ON o.id = i.org_id JOIN orders x ON x.id = i.order_id ORDER BY i.id""";
        for (String sql : List.of(customers, products, orders, invoices)) {
            List<Map<String, Object>> fromA = a.sql(sql).query().listOfRows();
            assertThat(fromA).isNotEmpty();
            assertThat(b.sql(sql).query().listOfRows()).isEqualTo(fromA);
        }
    }

    @Test
    void aDatabaseWithOrganizationsIsLeftAlone(CapturedOutput output) throws Exception {
        List<Long> before = totals(b);
        Optional<DemoSeeder.Result> again = new DemoSeeder(dataSourceB, ENCODER, PROPERTIES).seed(Instant.now());
        assertThat(again).isEmpty();
        assertThat(totals(b)).isEqualTo(before);

        // A second node (or a restart) on database A seeds nothing and still ends with the banner.
        List<Long> beforeA = totals(a);
        int mark = output.getAll().length();
        try (var second = start(dbA)) {
            String log = output.getAll().substring(mark);
            assertThat(log).contains("Demo data not seeded").doesNotContain("Seeded demo data");
            assertThat(log.strip())
                    .endsWith("operator@brisk.dev     OPERATOR  Brisk Platform" + System.lineSeparator()
                            + "=".repeat(72));
        }
        assertThat(totals(a)).isEqualTo(beforeA);
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static ConfigurableApplicationContext start(String db) {
        return new SpringApplicationBuilder(BriskApplication.class)
                .run(
                        "--spring.datasource.url=" + serverUrl + db,
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=",
                        "--server.port=0",
                        "--brisk.demo.seed=true");
    }

    private static List<Long> counts(JdbcClient db, String slug) {
        return List.of("customers", "products", "orders").stream()
                .map(t -> db.sql("SELECT count(*) FROM " + t
                                + " t JOIN organizations o ON o.id = t.org_id WHERE o.slug = ?")
                        .param(slug)
                        .query(Long.class)
                        .single())
                .toList();
    }

    private static List<Long> totals(JdbcClient db) {
        return List.of("organizations", "users", "customers", "products", "orders", "order_items", "invoices").stream()
                .map(t -> db.sql("SELECT count(*) FROM " + t).query(Long.class).single())
                .toList();
    }

    private static List<String> statuses(JdbcClient db, String table, String slug) {
        return db.sql("""
                SELECT DISTINCT t.status FROM %s t JOIN organizations o ON o.id = t.org_id
                WHERE o.slug = ? AND t.deleted_at IS NULL""".formatted(table)).param(slug).query(String.class).list();
    }

    /** The local PostgreSQL the other integration tests use when it answers, otherwise an embedded one. */
    private static String server() throws IOException {
        String local = "jdbc:postgresql://localhost:5432/";
        try (Connection c = DriverManager.getConnection(local + "postgres", "postgres", "")) {
            return local;
        } catch (SQLException e) {
            Path dir = Files.createDirectories(Path.of("target", "embedded-pg-demo-" + System.currentTimeMillis()));
            embedded = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(true)
                    .start();
            return "jdbc:postgresql://localhost:" + embedded.getPort() + "/";
        }
    }

    private static void recreate(String db) throws SQLException {
        drop(db);
        try (Connection c = DriverManager.getConnection(serverUrl + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
    }

    private static void drop(String db) throws SQLException {
        try (Connection c = DriverManager.getConnection(serverUrl + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    private static DataSource dataSource(String db) {
        return new SimpleDriverDataSource(new org.postgresql.Driver(), serverUrl + db, "postgres", "");
    }
}
