package dev.brisk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.datagen.Generator;
import dev.brisk.datagen.Progress;
import dev.brisk.datagen.Size;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Generates size S into a database of its own ({@code brisk_bench_smoke_<pid>}, created and
 * dropped here) on the local PostgreSQL, or on an embedded one when none answers on
 * localhost:5432 (override with BRISK_BENCH_TEST_JDBC, a JDBC URL without database name, e.g.
 * {@code jdbc:postgresql://localhost:5432/}), then checks counts and invariants.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneratorSmokeTest {

    private static final Instant AS_OF = Instant.parse("2026-06-15T00:00:00Z");

    private static EmbeddedPostgres embedded;
    private static String serverUrl; // ends with '/'
    private static String database;
    private static String url;
    private static Generator.Result first;
    private static final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void createDatabaseAndGenerate() throws Exception {
        serverUrl = System.getenv().getOrDefault("BRISK_BENCH_TEST_JDBC", "jdbc:postgresql://localhost:5432/");
        if (!reachable(serverUrl + "postgres")) {
            embedded = EmbeddedPostgres.builder().start();
            serverUrl = "jdbc:postgresql://localhost:" + embedded.getPort() + "/";
        }
        database = "brisk_bench_smoke_" + ProcessHandle.current().pid();
        try (Connection c = connect(serverUrl + "postgres");
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + database);
        }
        url = serverUrl + database;
        System.out.println("generator smoke test on " + url + (embedded != null ? " (embedded PostgreSQL)" : ""));
        first = generate(false);
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        if (database != null) {
            try (Connection c = connect(serverUrl + "postgres");
                    Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
        if (embedded != null) {
            embedded.close();
        }
    }

    private static Generator.Result generate(boolean reset) throws SQLException {
        return generate(reset, 7, Generator.Migrate.BASE);
    }

    private static Generator.Result generate(boolean reset, long seed, Generator.Migrate migrate) throws SQLException {
        return new Generator(new Generator.Options(
                        url,
                        "postgres",
                        null,
                        Size.S,
                        seed,
                        AS_OF,
                        migrate,
                        reset,
                        true,
                        Progress.Style.LINES,
                        new PrintStream(log, true, StandardCharsets.UTF_8),
                        null))
                .generate();
    }

    @Test
    @Order(1)
    void loadsTheRowCountsOfSizeS() throws Exception {
        assertThat(first.rows())
                .containsEntry("organizations", 4L)
                .containsEntry("users", 8L)
                .containsEntry("products", 800L)
                .containsEntry("customers", 2_000L)
                .containsEntry("orders", 10_000L)
                .containsEntry("org_counters", 8L);
        assertThat(first.rows().get("order_items")).isBetween(27_000L, 33_000L);
        assertThat(first.rows().get("invoices")).isBetween(7_500L, 8_700L);
        for (String table :
                List.of("organizations", "users", "products", "customers", "orders", "order_items", "invoices")) {
            // plus the platform organization and its operator (#11), which are not bench data
            String tenantsOnly = table.equals("organizations")
                    ? " WHERE NOT platform"
                    : table.equals("users") ? " WHERE role <> 'OPERATOR'" : "";
            assertThat(count("SELECT count(*) FROM " + table + tenantsOnly))
                    .as(table)
                    .isEqualTo(first.rows().get(table));
        }
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("orders", "rows/s");
    }

    @Test
    @Order(2)
    void orderTotalsAreTheSumOfTheirItems() throws Exception {
        // (one grouped join: the base schema has no index on order_items.order_id)
        assertThat(
                        count(
                                "SELECT count(*) FROM orders o LEFT JOIN (SELECT order_id, sum(quantity * unit_price) AS s "
                                        + "FROM order_items GROUP BY order_id) i ON i.order_id = o.id WHERE i.s IS DISTINCT FROM o.total"))
                .isZero();
        assertThat(count("SELECT count(*) FROM order_items i JOIN orders o ON o.id = i.order_id "
                        + "WHERE o.org_id <> i.org_id OR i.created_at <> o.created_at"))
                .isZero();
        assertThat(count("SELECT count(*) FROM invoices v JOIN orders o ON o.id = v.order_id "
                        + "WHERE v.amount <> o.total OR v.customer_id <> o.customer_id OR v.org_id <> o.org_id"))
                .isZero();
        assertThat(count("SELECT count(*) FROM order_items i JOIN products p ON p.id = i.product_id "
                        + "WHERE i.unit_price <> p.price OR p.org_id <> i.org_id"))
                .isZero();
    }

    @Test
    @Order(3)
    void everyStatusIsPresent() throws Exception {
        assertThat(strings("SELECT DISTINCT status FROM orders ORDER BY 1"))
                .containsExactly("CANCELLED", "DRAFT", "PAID", "PLACED", "REFUNDED", "SHIPPED");
        assertThat(strings("SELECT DISTINCT status FROM invoices ORDER BY 1"))
                .containsExactly("DRAFT", "OVERDUE", "PAID", "SENT", "VOID");
        assertThat(strings("SELECT DISTINCT status FROM customers ORDER BY 1"))
                .containsExactly("ACTIVE", "CHURNED", "LEAD");
        assertThat(strings("SELECT DISTINCT status FROM products ORDER BY 1")).containsExactly("ACTIVE", "ARCHIVED");
        assertThat(strings("SELECT DISTINCT role FROM users ORDER BY 1"))
                .containsExactly("ADMIN", "MEMBER", "OPERATOR");
        // every org has orders in every status
        assertThat(
                        count(
                                "SELECT count(*) FROM (SELECT org_id FROM orders GROUP BY org_id HAVING count(DISTINCT status) = 6) x"))
                .isEqualTo(4);
        // soft-deleted rows exist, but not too many
        assertThat(count("SELECT count(*) FROM orders WHERE deleted_at IS NOT NULL"))
                .isBetween(1L, 200L);
        assertThat(count("SELECT count(*) FROM customers WHERE deleted_at IS NOT NULL"))
                .isBetween(1L, 60L);
    }

    @Test
    @Order(4)
    void numbersCountersAndDatesAreConsistent() throws Exception {
        // per-org numbers run 1..n without gaps, and org_counters holds n
        assertThat(count("SELECT count(*) FROM (SELECT org_id FROM orders GROUP BY org_id "
                        + "HAVING max(number) <> count(*) OR min(number) <> 1) x"))
                .isZero();
        assertThat(count("SELECT count(*) FROM (SELECT org_id FROM invoices GROUP BY org_id "
                        + "HAVING max(number) <> count(*) OR min(number) <> 1) x"))
                .isZero();
        assertThat(count("SELECT count(*) FROM org_counters c WHERE c.value <> CASE c.name "
                        + "WHEN 'order' THEN (SELECT max(number) FROM orders o WHERE o.org_id = c.org_id) "
                        + "ELSE (SELECT max(number) FROM invoices v WHERE v.org_id = c.org_id) END"))
                .isZero();
        // orders follow their customer, everything happens inside the 12 months before as-of
        assertThat(count("SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id "
                        + "WHERE c.created_at > o.created_at OR c.org_id <> o.org_id"))
                .isZero();
        for (String table : List.of("customers", "orders", "order_items", "invoices")) {
            assertThat(
                            count(
                                    "SELECT count(*) FROM " + table + " WHERE created_at < timestamptz '2025-06-14' "
                                            + "OR created_at > timestamptz '2026-06-15' OR updated_at < created_at OR updated_at > timestamptz '2026-06-15'"))
                    .as(table)
                    .isZero();
        }
        assertThat(count("SELECT count(*) FROM orders WHERE placed_at < created_at"))
                .isZero();
        assertThat(count("SELECT count(*) FROM invoices WHERE status = 'OVERDUE' AND due_date >= date '2026-06-15'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM orders WHERE created_at >= timestamptz '2026-05-16'"))
                .isPositive();
    }

    @Test
    @Order(5)
    void schemaIsBackToNormalAfterTheLoad() throws Exception {
        // the load drops foreign keys and indexes and disables triggers: afterwards the schema must be
        // exactly what migrating an empty database gives, whatever migrations exist by then
        String reference = database + "_ref";
        try (Connection c = connect(serverUrl + "postgres");
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + reference + " WITH (FORCE)");
            st.execute("CREATE DATABASE " + reference);
        }
        try {
            Generator.migrate(serverUrl + reference, "postgres", null, false);
            for (String query : SCHEMA_SHAPE) {
                assertThat(strings(url, query)).as(query).isNotEmpty().isEqualTo(strings(serverUrl + reference, query));
            }
        } finally {
            try (Connection c = connect(serverUrl + "postgres");
                    Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + reference + " WITH (FORCE)");
            }
        }
        assertThat(count("SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'"))
                .isZero();
        assertThat(count("SELECT count(*) FROM flyway_schema_history WHERE success"))
                .isGreaterThanOrEqualTo(2);
        // identity sequences continue after the generated ids
        try (Connection c = connect(url)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                ResultSet rs = st.executeQuery("INSERT INTO customers (org_id, name) VALUES (1, 'x') RETURNING id");
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(2_001);
            } finally {
                c.rollback();
            }
        }
    }

    /** Constraints, indexes and triggers (with their enabled state), as names and definitions in a stable order. */
    private static final List<String> SCHEMA_SHAPE = List.of(
            "SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
                    + "WHERE connamespace = 'public'::regnamespace ORDER BY 1",
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
            "SELECT tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1");

    @Test
    @Order(6)
    void benchUsersLogInWithTheKnownPassword() throws Exception {
        assertThat(strings("SELECT email FROM users ORDER BY id"))
                .startsWith("admin@org-1.bench", "member@org-1.bench")
                .contains("member@org-4.bench");
        String hash = strings("SELECT password_hash FROM users WHERE email = 'member@org-2.bench'")
                .get(0);
        assertThat(hash).startsWith("{bcrypt}$2a$10$");
        assertThat(BCrypt.checkpw(Generator.PASSWORD, hash.substring("{bcrypt}".length())))
                .isTrue();
        assertThat(first.logins()).contains("admin@org-1.bench", "member@org-4.bench", Generator.OPERATOR_EMAIL);
        // monitoring belongs to a platform operator, which the generated data must therefore have
        assertThat(strings("SELECT u.role || ' ' || o.platform FROM users u JOIN organizations o ON o.id = u.org_id "
                        + "WHERE u.email = '" + Generator.OPERATOR_EMAIL + "'"))
                .containsExactly("OPERATOR true");
    }

    @Test
    @Order(7)
    void refusesToOverwriteDataWithoutResetAndIsDeterministicWithIt() throws Exception {
        String before = checksum();
        assertThatThrownBy(() -> generate(false)).hasMessageContaining("--reset");
        assertThat(checksum()).isEqualTo(before);
        try (Connection listener = connect(url);
                Statement st = listener.createStatement()) {
            st.execute("LISTEN brisk_changes");
            generate(true);
            assertThat(checksum()).isEqualTo(before);
            // a running server hears that everything changed (the load itself ran with its triggers off)
            List<String> payloads = new ArrayList<>();
            for (int i = 0; i < 10 && payloads.size() < 7; i++) {
                PGNotification[] got = listener.unwrap(PGConnection.class).getNotifications(1000);
                for (PGNotification n : got == null ? new PGNotification[0] : got) {
                    payloads.add(n.getParameter());
                }
            }
            assertThat(payloads)
                    .hasSize(7)
                    .allSatisfy(p -> assertThat(p).contains("\"all\": true"))
                    .anySatisfy(p -> assertThat(p).contains("\"table\": \"orders\""))
                    .anySatisfy(p -> assertThat(p).contains("\"table\": \"sessions\""));
        }
    }

    @Test
    @Order(8)
    void rebuildsSecondaryIndexesAndRefreshesMaterializedViews() throws Exception {
        // what the optimized migrations add: a partial index and a view over the business tables
        execute("CREATE INDEX bench_test_orders_status ON orders (org_id, status) WHERE deleted_at IS NULL");
        execute(
                "CREATE MATERIALIZED VIEW bench_test_order_counts AS SELECT org_id, count(*) AS n FROM orders GROUP BY org_id "
                        + "WITH NO DATA");
        generate(true);
        assertThat(
                        count(
                                "SELECT count(*) FROM pg_index WHERE indexrelid = 'bench_test_orders_status'::regclass AND indisvalid"))
                .isEqualTo(1);
        assertThat(count("SELECT sum(n) FROM bench_test_order_counts")).isEqualTo(10_000);
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains(
                        "dropped 13 foreign keys and 3 secondary indexes",
                        "refreshed materialized views [bench_test_order_counts]");
        execute("DROP MATERIALIZED VIEW bench_test_order_counts");
        execute("DROP INDEX bench_test_orders_status");
    }

    @Test
    @Order(9)
    void rebuildsTheDashboardRollupsOfTheOptimizedSchema() throws Exception {
        // V102 backfills its rollups from the seed-7 rows it finds; the rows of another seed, loaded
        // with the triggers off, only reach the rollups through the generator's rebuild
        generate(true, 8, Generator.Migrate.ALL);
        assertThat(count("SELECT sum(orders) FROM dashboard_rollup_orders"))
                .isEqualTo(count("SELECT count(*) FROM orders WHERE deleted_at IS NULL"));
        assertThat(count("SELECT sum(amount) FROM dashboard_rollup_orders"))
                .isEqualTo(count("SELECT sum(total) FROM orders WHERE deleted_at IS NULL"));
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("rebuilt the dashboard rollups");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = connect(url);
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static String checksum() throws SQLException {
        return strings("SELECT md5(string_agg(x, '|' ORDER BY x)) FROM ("
                        + " SELECT concat_ws(',', id, org_id, customer_id, number, status, total, placed_at, created_at, updated_at, deleted_at) x FROM orders"
                        + " UNION ALL SELECT concat_ws(',', 'i', id, order_id, product_id, quantity, unit_price) FROM order_items"
                        + " UNION ALL SELECT concat_ws(',', 'v', id, order_id, number, status, amount, issued_at, due_date, paid_at) FROM invoices"
                        + " UNION ALL SELECT concat_ws(',', 'c', id, org_id, name, email, phone, company, status, created_at, deleted_at) FROM customers"
                        + " UNION ALL SELECT concat_ws(',', 'u', id, email, password_hash) FROM users) t")
                .get(0);
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = connect(url);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        return strings(url, sql);
    }

    private static List<String> strings(String jdbcUrl, String sql) throws SQLException {
        try (Connection c = connect(jdbcUrl);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private static Connection connect(String jdbcUrl) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        p.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(jdbcUrl, p);
    }

    private static boolean reachable(String jdbcUrl) {
        try (Connection c = connect(jdbcUrl)) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
