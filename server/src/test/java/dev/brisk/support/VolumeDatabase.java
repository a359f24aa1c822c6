package dev.brisk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.flywaydb.core.Flyway;

/**
 * A database of its own, {@code brisk_test_volume_<random>}, at realistic volume ({@link Sizes#PLANS}):
 * six organizations (one holding half of everything), 220 000 orders over two years with 660 000
 * items, 198 000 invoices, 50 000 customers, 10 000 products, 2 000 users and 100 000 sessions
 * (the benchmark's {@link Sizes#MILLION} is 4.5 times that), generated in SQL
 * with one INSERT ... SELECT from generate_series per table. The data is deterministic (no
 * random()): every run builds the same rows, only ANALYZE's sample varies. Row n's org is n % 50;
 * statuses and soft deletes come from a multiplicative hash of n, so they do not follow the org.
 *
 * <p>Order of work: the base schema (db/migration), the load, then db/optimized (the dashboard
 * views and V101's indexes) and VACUUM ANALYZE. That is how the indexes reach a production
 * database too (built on existing data), and building them after the load is faster than
 * maintaining them row by row during it. The load session runs with
 * {@code session_replication_role = replica}: that switches off the change-notification triggers
 * and the per-row foreign-key triggers (22 s instead of 7 s here); {@link #verifyForeignKeys}
 * then checks every foreign key with one anti-join each, so the rows are as consistent as if
 * PostgreSQL had checked them one by one.
 */
public final class VolumeDatabase implements AutoCloseable {

    public static final String SERVER = "jdbc:postgresql://localhost:5432/";
    public static final long ORGS = 6;
    /** The big organization: half of every table. */
    public static final long BIG_ORG = 1;
    /** The login {@link #addOperator()} creates. */
    public static final String OPERATOR_EMAIL = "operator@volume.test";
    /** The login {@link #addAdmin()} creates. */
    public static final String ADMIN_EMAIL = "admin@volume-1.test";

    /** Row counts; customers and products in multiples of 50 (one residue class per org share). */
    public record Sizes(long customers, long products, long orders, long users, long sessions) {
        /** What IndexPlanIntegrationTest plans against. */
        public static final Sizes PLANS = new Sizes(50_000, 10_000, 220_000, 2_000, 100_000);
        /** The benchmark's million orders. */
        public static final Sizes MILLION = new Sizes(200_000, 20_000, 1_000_000, 2_000, 100_000);
    }

    /** A foreign key as the catalog describes it. */
    public record ForeignKey(
            String name, String table, List<String> columns, String parent, List<String> parentColumns) {}

    private final String name;
    private final Sizes sizes;
    private final Map<String, Long> millis = new LinkedHashMap<>();

    private VolumeDatabase(String name, Sizes sizes) {
        this.name = name;
        this.sizes = sizes;
    }

    public String name() {
        return name;
    }

    public String url() {
        return SERVER + name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "postgres", "");
    }

    /** How long each step took, in milliseconds, in the order they ran. */
    public Map<String, Long> millis() {
        return millis;
    }

    public static boolean serverAvailable() {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** Adds a platform operator, {@link #OPERATOR_EMAIL}, with the generated users' password. */
    public void addOperator() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO organizations (name, slug, currency, platform) VALUES ('Brisk Platform', 'brisk-platform', 'EUR', true)
                    ON CONFLICT DO NOTHING
                    """);
            s.execute("""
                    INSERT INTO users (org_id, email, name, password_hash, role)
                    SELECT (SELECT id FROM organizations WHERE platform), '%s', 'Volume Operator', password_hash, 'OPERATOR'
                    FROM users WHERE org_id = %d LIMIT 1
                    """.formatted(OPERATOR_EMAIL, BIG_ORG));
        }
    }

    /** Adds an ADMIN of the big organization, {@link #ADMIN_EMAIL}, with the generated users' password. */
    public void addAdmin() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO users (org_id, email, name, password_hash, role)
                    SELECT org_id, '%s', 'Volume Admin', password_hash, 'ADMIN' FROM users WHERE org_id = %d LIMIT 1
                    """.formatted(ADMIN_EMAIL, BIG_ORG));
        }
    }

    /** Creates, migrates and fills the database; {@code passwordHash} is every generated user's. */
    public static VolumeDatabase build(String passwordHash) throws SQLException {
        return build(passwordHash, Sizes.PLANS, "_volume");
    }

    public static VolumeDatabase build(String passwordHash, Sizes sizes, String suffix) throws SQLException {
        String db = TestDatabase.uniqueName(suffix.replaceFirst("^_", ""));
        VolumeDatabase volume = new VolumeDatabase(db, sizes);
        volume.time("create database", () -> {
            admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
            admin("CREATE DATABASE " + db);
        });
        try {
            volume.time(
                    "base schema (db/migration)",
                    () -> Flyway.configure()
                            .dataSource(volume.url(), "postgres", "")
                            .locations("classpath:db/migration")
                            .load()
                            .migrate());
            try (Connection c = volume.connect()) {
                volume.load(c, passwordHash);
                volume.time("foreign key check", () -> volume.verifyForeignKeys(c));
            }
            volume.time(
                    "db/optimized (views, indexes)",
                    () -> Flyway.configure()
                            .dataSource(volume.url(), "postgres", "")
                            .locations("classpath:db/migration", "classpath:db/optimized")
                            .load()
                            .migrate());
            try (Connection c = volume.connect();
                    Statement s = c.createStatement()) {
                volume.time("vacuum analyze", () -> s.execute("VACUUM (ANALYZE)"));
            }
            return volume;
        } catch (SQLException | RuntimeException | Error e) {
            volume.close();
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public List<ForeignKey> foreignKeys() throws SQLException {
        List<ForeignKey> keys = new ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                SELECT k.conname, k.conrelid::regclass::text, k.confrelid::regclass::text,
                       array(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)
                             JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i),
                       array(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i)
                             JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i)
                FROM pg_constraint k
                WHERE k.contype = 'f' AND k.connamespace = current_schema()::regnamespace
                ORDER BY 1
                """)) {
            while (rs.next()) {
                keys.add(new ForeignKey(
                        rs.getString(1),
                        rs.getString(2),
                        List.of((String[]) rs.getArray(4).getArray()),
                        rs.getString(3),
                        List.of((String[]) rs.getArray(5).getArray())));
            }
        }
        return keys;
    }

    /** Every foreign key holds: one anti-join per key finds no row without its parent. */
    private void verifyForeignKeys(Connection c) throws SQLException {
        for (ForeignKey key : foreignKeys()) {
            StringBuilder match = new StringBuilder();
            StringBuilder notNull = new StringBuilder();
            for (int i = 0; i < key.columns().size(); i++) {
                match.append(i == 0 ? "" : " AND ")
                        .append("p.")
                        .append(key.parentColumns().get(i))
                        .append(" = x.")
                        .append(key.columns().get(i));
                notNull.append(" AND x.").append(key.columns().get(i)).append(" IS NOT NULL");
            }
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT count(*) FROM ONLY " + key.table() + " x WHERE NOT EXISTS (SELECT 1 FROM ONLY "
                                    + key.parent() + " p WHERE " + match + ")" + notNull)) {
                rs.next();
                assertThat(rs.getLong(1))
                        .as("rows of %s breaking %s", key.table(), key.name())
                        .isZero();
            }
        }
    }

    private void load(Connection c, String passwordHash) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            // residue r = n % 50 of a row number picks its org: 1 gets 50 %, 2 20 %, 3 12 %, 4 8 %, 5 6 %, 6 4 %
            s.execute("""
                    CREATE TEMP TABLE vol_org AS
                    SELECT r, (CASE WHEN r < 25 THEN 1 WHEN r < 35 THEN 2 WHEN r < 41 THEN 3
                                    WHEN r < 45 THEN 4 WHEN r < 48 THEN 5 ELSE 6 END)::bigint AS org_id
                    FROM generate_series(0, 49) r
                    """);
            time("organizations", () -> s.execute("""
                    INSERT INTO organizations (id, name, slug, currency) OVERRIDING SYSTEM VALUE
                    SELECT o, 'Volume ' || o, 'volume-' || o, 'EUR' FROM generate_series(1::bigint, %d) o
                    """.formatted(ORGS)));
            // customer n (id n) belongs to the org of n % 50; created over 1000 days in id order;
            // 40 first names x 900 surnames (prefix + suffix), so a surname is a selective search
            time("customers", () -> s.execute("""
                    INSERT INTO customers (id, org_id, name, email, phone, company, status, created_at, updated_at, deleted_at)
                    OVERRIDING SYSTEM VALUE
                    SELECT n, v.org_id, f.w || ' ' || l.w,
                           lower(f.w || '.' || l.w || n || '@example.com'),
                           CASE WHEN n %% 3 = 0 THEN '+44 20 ' || lpad((n * 7919 %% 10000000)::text, 7, '0') END,
                           CASE WHEN n %% 10 < 7 THEN l.w || ' ' || (ARRAY['Ltd', 'GmbH', 'Inc', 'SARL', 'BV', 'Group', 'Partners'])[1 + n %% 7] END,
                           (ARRAY['LEAD', 'ACTIVE', 'ACTIVE', 'CHURNED', 'ACTIVE', 'LEAD', 'ACTIVE', 'ACTIVE', 'LEAD', 'ACTIVE'])[1 + (n * 2654435761 >> 16) %% 10],
                           t.at, t.at, CASE WHEN (n * 2654435761 >> 8) %% 50 = 7 THEN t.at + interval '3 days' END
                    FROM generate_series(1::bigint, %1$d) n
                    JOIN vol_org v ON v.r = n %% 50
                    CROSS JOIN LATERAL (SELECT now() - interval '1000 days' + (interval '1000 days' - interval '1 hour') * n / %1$d AS at) t
                    CROSS JOIN LATERAL (SELECT (ARRAY['Alice', 'Bruno', 'Chloe', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hugo',
                            'Ines', 'Jonas', 'Keiko', 'Liam', 'Mara', 'Nils', 'Olga', 'Pavel', 'Quinn', 'Rosa', 'Sven', 'Tara',
                            'Umar', 'Vera', 'Wim', 'Xena', 'Yusuf', 'Zoe', 'Anton', 'Bea', 'Carl', 'Dora', 'Emil', 'Fay', 'Gil',
                            'Hana', 'Ivo', 'Jade', 'Kurt', 'Lena', 'Milo', 'Nora'])[1 + n * 13 %% 40] AS w) f
                    CROSS JOIN LATERAL (SELECT (ARRAY['Ander', 'Berg', 'Carl', 'Dahl', 'Eck', 'Feld', 'Gold', 'Hart', 'Isen',
                            'Johan', 'Kauf', 'Lind', 'Mohr', 'Nord', 'Ost', 'Pfeif', 'Quin', 'Ros', 'Stein', 'Thal', 'Ulm',
                            'Vogel', 'Wald', 'Xan', 'York', 'Zell', 'Bran', 'Croft', 'Dun', 'Ash'])[1 + n / 7 %% 30]
                            || (ARRAY['son', 'berg', 'mann', 'ford', 'ley', 'ton', 'wood', 'field', 'hurst', 'er', 'stadt',
                            'holm', 'by', 'well', 'worth', 'ridge', 'land', 'strom', 'ing', 'ham', 'dale', 'brook', 'mont',
                            'quist', 'sen', 'sky', 'ano', 'ez', 'ovic', 'ard'])[1 + n * 11 / 3 %% 30] AS w) l
                    """.formatted(sizes.customers())));
            time("products", () -> s.execute("""
                    INSERT INTO products (id, org_id, sku, name, price, status, stock, created_at, updated_at, deleted_at)
                    OVERRIDING SYSTEM VALUE
                    SELECT n, v.org_id, 'SKU-' || lpad(n::text, 6, '0'),
                           (ARRAY['Red', 'Blue', 'Green', 'Black', 'White', 'Silver', 'Golden', 'Oak', 'Steel', 'Linen'])[1 + n %% 10]
                           || ' ' || (ARRAY['Desk', 'Chair', 'Lamp', 'Shelf', 'Mug', 'Kettle', 'Table', 'Stool', 'Rug', 'Clock',
                                            'Vase', 'Bench'])[1 + n / 10 %% 12]
                           || ' ' || (ARRAY['Mini', 'Classic', 'Pro', 'Max', 'Plus', 'Lite', 'Duo'])[1 + n / 120 %% 7],
                           100 + n * 37 %% 9900,
                           CASE WHEN n %% 7 = 3 THEN 'ARCHIVED' ELSE 'ACTIVE' END,
                           n * 11 %% 500,
                           t.at, t.at, CASE WHEN (n * 2654435761 >> 8) %% 50 = 11 THEN t.at + interval '3 days' END
                    FROM generate_series(1::bigint, %1$d) n
                    JOIN vol_org v ON v.r = n %% 50
                    CROSS JOIN LATERAL (SELECT now() - interval '1000 days' + (interval '1000 days' - interval '1 hour') * n / %1$d AS at) t
                    """.formatted(sizes.products())));
            // order n: 1..5 lines of products of its own org (same residue mod 50); total = sum of its lines
            s.execute("""
                    CREATE TEMP TABLE vol_lines AS
                    SELECT n, k, 50 * (1 + (n * 7919 + k * 104729) %% %d) + n %% 50 AS product_id, 1 + (n + k) %% 4 AS quantity
                    FROM generate_series(1::bigint, %d) n, generate_series(1::bigint, 5) k
                    WHERE k <= 1 + (n * 2654435761 >> 20) %% 5
                    """.formatted(sizes.products() / 50 - 1, sizes.orders()));
            s.execute("""
                    CREATE TEMP TABLE vol_totals AS
                    SELECT n AS order_n, sum(quantity * (100 + product_id * 37 % 9900))::bigint AS total
                    FROM vol_lines GROUP BY n
                    """);
            // created over two years in id order (as rows arrive in production); placed minutes later;
            // DRAFT 3 %, PLACED 10 %, PAID 35 %, SHIPPED 40 %, CANCELLED 7 %, REFUNDED 5 %; 2 % deleted
            time("orders", () -> s.execute("""
                    INSERT INTO orders (id, org_id, customer_id, number, status, total, placed_at, created_at, updated_at, deleted_at)
                    OVERRIDING SYSTEM VALUE
                    SELECT n, v.org_id, 50 * (1 + n * 104729 %% %d) + n %% 50, n, st.status, tot.total,
                           CASE WHEN st.status = 'DRAFT' OR (st.status = 'CANCELLED' AND n %% 2 = 0) THEN NULL
                                ELSE t.at + interval '1 minute' * (n %% 240) END,
                           t.at, t.at, CASE WHEN (n * 2654435761 >> 8) %% 50 = 13 THEN t.at + interval '2 days' END
                    FROM generate_series(1::bigint, %2$d) n
                    JOIN vol_org v ON v.r = n %% 50
                    JOIN vol_totals tot ON tot.order_n = n
                    CROSS JOIN LATERAL (SELECT now() - interval '730 days' + (interval '730 days' - interval '4 hours') * n / %2$d AS at) t
                    CROSS JOIN LATERAL (SELECT CASE WHEN h < 3 THEN 'DRAFT' WHEN h < 13 THEN 'PLACED' WHEN h < 48 THEN 'PAID'
                                                    WHEN h < 88 THEN 'SHIPPED' WHEN h < 95 THEN 'CANCELLED' ELSE 'REFUNDED' END AS status
                                        FROM (SELECT (n * 2654435761 >> 16) %% 100 AS h) x) st
                    """.formatted(sizes.customers() / 50 - 1, sizes.orders())));
            time("order items", () -> s.execute("""
                    INSERT INTO order_items (org_id, order_id, product_id, quantity, unit_price, created_at, updated_at, deleted_at)
                    SELECT o.org_id, l.n, l.product_id, l.quantity, 100 + l.product_id * 37 % 9900, o.created_at, o.created_at,
                           CASE WHEN (l.n + l.k) % 97 = 0 THEN o.created_at + interval '1 hour' END
                    FROM vol_lines l JOIN orders o ON o.id = l.n
                    ORDER BY l.n, l.k
                    """));
            // one invoice per placed order: PAID for paid/shipped orders, SENT/OVERDUE/DRAFT for placed
            // ones, VOID for refunded ones; due 30 days after placing; 1 % deleted
            time("invoices", () -> s.execute("""
                    INSERT INTO invoices (org_id, order_id, customer_id, number, status, amount, issued_at, due_date, paid_at,
                                          created_at, updated_at, deleted_at)
                    SELECT o.org_id, o.id, o.customer_id, o.number, st.status, o.total,
                           CASE WHEN st.status <> 'DRAFT' THEN o.placed_at END,
                           (o.placed_at AT TIME ZONE 'UTC')::date + 30,
                           CASE WHEN st.status = 'PAID' THEN o.placed_at + interval '5 days' END,
                           o.placed_at, o.placed_at, CASE WHEN (o.id * 2654435761 >> 8) % 100 = 17 THEN o.placed_at + interval '1 day' END
                    FROM orders o
                    CROSS JOIN LATERAL (SELECT CASE o.status
                            WHEN 'PLACED' THEN (ARRAY['SENT', 'SENT', 'SENT', 'OVERDUE', 'OVERDUE', 'DRAFT', 'SENT', 'SENT',
                                                      'OVERDUE', 'DRAFT'])[1 + (o.id * 2654435761 >> 12) % 10]
                            WHEN 'REFUNDED' THEN 'VOID'
                            ELSE CASE WHEN (o.id * 2654435761 >> 12) % 33 = 0 THEN 'SENT' ELSE 'PAID' END END AS status) st
                    WHERE o.status IN ('PLACED', 'PAID', 'SHIPPED', 'REFUNDED')
                    ORDER BY o.placed_at, o.id
                    """));
            try (PreparedStatement users = c.prepareStatement("""
                    INSERT INTO users (id, org_id, email, name, password_hash, role, status, created_at, updated_at)
                    OVERRIDING SYSTEM VALUE
                    SELECT n, v.org_id, 'user' || n || '@volume-' || v.org_id || '.test', 'User ' || n, ?,
                           CASE WHEN n %% 20 = 0 THEN 'ADMIN' ELSE 'MEMBER' END,
                           CASE WHEN n %% 25 = 0 THEN 'DISABLED' ELSE 'ACTIVE' END, t.at, t.at
                    FROM generate_series(1::bigint, %1$d) n
                    JOIN vol_org v ON v.r = n %% 50
                    CROSS JOIN LATERAL (SELECT now() - interval '1000 days' + interval '1000 days' * n / %1$d AS at) t
                    """.formatted(sizes.users()))) {
                users.setString(1, passwordHash);
                time("users", users::execute);
            }
            // sessions pile up (every login adds one; expired ones stay): a year of them
            time("sessions", () -> s.execute("""
                    INSERT INTO sessions (user_id, token_hash, created_at, expires_at, revoked_at)
                    SELECT 1 + n * 7919 %% %d, sha256(('volume-session-' || n)::bytea), t.at, t.at + interval '12 hours',
                           CASE WHEN n %% 3 = 0 THEN t.at + interval '1 hour' END
                    FROM generate_series(1::bigint, %2$d) n
                    CROSS JOIN LATERAL (SELECT now() - interval '365 days' + interval '365 days' * n / %2$d AS at) t
                    """.formatted(sizes.users(), sizes.sessions())));
            // rows inserted with explicit ids: move the identities past them; number counters past the numbers
            for (String table : List.of("organizations", "customers", "products", "orders", "users")) {
                s.execute("SELECT setval(pg_get_serial_sequence('%1$s', 'id'), (SELECT max(id) FROM %1$s))"
                        .formatted(table));
            }
            s.execute("""
                    INSERT INTO org_counters (org_id, name, value)
                    SELECT org_id, 'order', max(number) FROM orders GROUP BY org_id
                    UNION ALL
                    SELECT org_id, 'invoice', max(number) FROM invoices GROUP BY org_id
                    """);
            s.execute("RESET session_replication_role");
        }
    }

    private interface Step {
        void run() throws SQLException;
    }

    private void time(String step, Step work) throws SQLException {
        long start = System.nanoTime();
        work.run();
        millis.put(step, (System.nanoTime() - start) / 1_000_000);
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
