package dev.brisk.bench.generate;

import static dev.brisk.bench.generate.DataSet.MICROS_PER_DAY;

import java.io.PrintStream;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Loads a data set into PostgreSQL with COPY, in one transaction: the database either holds the
 * whole data set afterwards or is as it was.
 *
 * <ol>
 *   <li>Flyway migrates the base schema (the server's db/migration, bundled in this jar) and,
 *       with {@link Migrate#ALL}, the optimized one (db/optimized).</li>
 *   <li>Foreign keys and secondary indexes (everything but primary keys and unique constraints)
 *       of the business tables are dropped and the tables truncated; user triggers (the change
 *       notifications) are disabled. All of it is rolled back if anything fails.</li>
 *   <li>Every table is filled by COPY ... FREEZE from CSV generated on the fly; orders, items and
 *       invoices come from three passes over one deterministic {@link OrderStream}.</li>
 *   <li>Indexes are rebuilt and foreign keys re-added (one validating join each instead of one
 *       lookup per row), triggers enabled, identity sequences moved past the data, materialized
 *       views refreshed, and every node listening on {@code brisk_changes} told that all changed.</li>
 *   <li>After the commit: VACUUM ANALYZE, so plans and index-only scans see real statistics.</li>
 * </ol>
 */
public final class Generator {

    public enum Migrate { BASE, ALL, NONE }

    /** Tables the generator owns, in load order. */
    public static final List<String> TABLES = List.of("organizations", "users", "sessions", "products",
            "customers", "orders", "order_items", "invoices", "org_counters");

    /** Tables whose change triggers (V5) announce changes on channel brisk_changes. */
    static final List<String> NOTIFYING_TABLES = List.of("customers", "products", "orders", "order_items", "invoices",
            "users", "sessions");

    public static final String PASSWORD = "brisk-bench";

    /** Flyway logs every step at INFO through java.util.logging; one summary line is enough. Held: JUL keeps loggers weakly. */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

    public record Options(String jdbcUrl, String user, String password, Size size, long seed, Instant asOf,
                          Migrate migrate, boolean reset, boolean vacuum, Progress.Style progress, PrintStream log) {

        public Options {
            if (asOf == null) {
                // midnight UTC today: same seed on the same day gives the same data
                long day = Math.floorDiv(System.currentTimeMillis(), 86_400_000L);
                asOf = Instant.ofEpochMilli(day * 86_400_000L);
            }
            if (log == null) {
                log = System.err;
            }
        }
    }

    public record Result(Size size, long seed, Instant asOf, Map<String, Long> rows, Map<String, Double> seconds,
                         double totalSeconds, String password, List<String> logins) {
    }

    private final Options options;
    private final PrintStream log;

    public Generator(Options options) {
        this.options = options;
        this.log = options.log();
    }

    /** The platform operator (#11): reads /api/monitoring and clears caches; password {@link #PASSWORD}. */
    public static final String OPERATOR_EMAIL = "operator@brisk.bench";

    /** The platform organization and its operator, which monitoring needs (an org ADMIN gets 403 there). */
    static void addOperator(java.sql.Connection c, String passwordHash) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("""
                    INSERT INTO organizations (id, name, slug, currency, platform, created_at, updated_at) OVERRIDING SYSTEM VALUE
                    SELECT max(id) + 1, 'Brisk Platform', 'brisk-platform', 'EUR', true, min(created_at), min(created_at)
                    FROM organizations
                    ON CONFLICT DO NOTHING""");
        }
        try (var insert = c.prepareStatement("""
                INSERT INTO users (id, org_id, email, name, password_hash, role, created_at, updated_at) OVERRIDING SYSTEM VALUE
                SELECT (SELECT max(id) + 1 FROM users), id, ?, 'Bench Operator', ?, 'OPERATOR', created_at, created_at
                FROM organizations WHERE platform
                ON CONFLICT (email) DO NOTHING""")) {
            insert.setString(1, OPERATOR_EMAIL);
            insert.setString(2, passwordHash);
            insert.executeUpdate();
        }
    }

    public static String userEmail(int org, boolean admin) {
        return (admin ? "admin" : "member") + "@org-" + org + ".bench";
    }

    public Result generate() throws SQLException {
        long t0 = System.nanoTime();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        Size size = options.size();
        long endMicros = options.asOf().toEpochMilli() * 1000;

        if (options.migrate() != Migrate.NONE) {
            long t = System.nanoTime();
            String migrated = migrate(options.jdbcUrl(), options.user(), options.password(), options.migrate() == Migrate.ALL);
            seconds.put("migrate", since(t));
            log.println("flyway (" + String.join(" + ", options.migrate() == Migrate.ALL
                    ? List.of("db/migration", "db/optimized") : List.of("db/migration")) + "): " + migrated);
        }

        long t = System.nanoTime();
        DataSet data = new DataSet(size, options.seed(), endMicros);
        OrderStream counting = new OrderStream(data);
        long items = 0;
        long invoices = 0;
        while (counting.hasNext()) {
            counting.next();
            items += counting.itemCount;
            invoices += counting.invoiced ? 1 : 0;
        }
        seconds.put("plan", since(t));
        log.printf(Locale.ROOT, "generating size %s (seed %d, as of %s): %d orgs, %,d customers, %,d products, "
                        + "%,d orders, %,d items, %,d invoices%n", size, options.seed(), options.asOf(), size.orgs(),
                size.customers(), size.products(), size.orders(), items, invoices);

        List<String> views = List.of();
        try (Connection c = connect(options.jdbcUrl(), options.user(), options.password());
             Progress progress = new Progress(log, options.progress())) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                t = System.nanoTime();
                prepare(c, st);
                seconds.put("prepare", since(t));
                Schema schema = dropConstraints(c, st);

                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                Loader loader = new Loader(copy, progress, data, rows, seconds);
                loader.organizations();
                loader.users(bcryptHash(options.seed()));
                loader.products();
                loader.customers();
                long[][] counters = loader.orders(size.orders());
                loader.orderItems(items);
                loader.invoices(invoices);
                loader.orgCounters(counters);

                t = System.nanoTime();
                for (String index : schema.indexes()) {
                    st.execute(index);
                }
                seconds.put("indexes", since(t));
                t = System.nanoTime();
                for (String[] fk : schema.foreignKeys()) {
                    st.execute("ALTER TABLE " + fk[0] + " ADD CONSTRAINT " + quote(fk[1]) + " " + fk[2]);
                }
                seconds.put("foreign keys", since(t));
                t = System.nanoTime();
                addOperator(c, bcryptHash(options.seed())); // triggers still off: no change notification
                for (String table : TABLES) {
                    st.execute("ALTER TABLE " + table + " ENABLE TRIGGER USER");
                    if (!table.equals("org_counters")) {
                        st.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), coalesce(max(id), 0) + 1, false) FROM "
                                + table);
                    }
                }
                views = refreshMaterializedViews(c, st);
                for (String table : NOTIFYING_TABLES) {
                    // the same message the change triggers send for a statement touching many orgs
                    st.execute("SELECT pg_notify('brisk_changes', '{\"table\": \"" + table + "\", \"all\": true}')");
                }
                c.commit();
                seconds.put("finish", since(t));
            } catch (CsvOut.CopyFailed e) {
                safeRollback(c);
                throw (SQLException) e.getCause();
            } catch (SQLException | RuntimeException e) {
                safeRollback(c);
                throw e;
            }
            if (options.vacuum()) {
                t = System.nanoTime();
                c.setAutoCommit(true);
                try (Statement st = c.createStatement()) {
                    for (String table : TABLES) {
                        st.execute("VACUUM (ANALYZE) " + table);
                    }
                    for (String view : views) {
                        st.execute("ANALYZE " + view);
                    }
                }
                seconds.put("vacuum analyze", since(t));
            }
        }
        double total = since(t0);
        List<String> logins = new ArrayList<>();
        for (int o = 1; o <= size.orgs(); o++) {
            logins.add(userEmail(o, true));
            logins.add(userEmail(o, false));
        }
        logins.add(OPERATOR_EMAIL);
        return new Result(size, options.seed(), options.asOf(), rows, seconds, total, PASSWORD, logins);
    }

    public static String migrate(String jdbcUrl, String user, String password, boolean optimized) {
        String[] locations = optimized ? new String[] {"classpath:db/migration", "classpath:db/optimized"}
                : new String[] {"classpath:db/migration"};
        FLYWAY_LOG.setLevel(java.util.logging.Level.WARNING);
        MigrateResult result = Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations(locations)
                // a database the server migrated also has the optimized migrations: not an error here
                .ignoreMigrationPatterns("*:missing")
                .load()
                .migrate();
        return result.migrationsExecuted + " migrations applied, schema at version "
                + (result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion);
    }

    public static Connection connect(String jdbcUrl, String user, String password) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("ApplicationName", "brisk-bench");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    private void prepare(Connection c, Statement st) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String table : TABLES) {
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + table + "')")) {
                rs.next();
                if (rs.getString(1) == null) {
                    missing.add(table);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("tables missing (migrate the schema first, or drop --migrate none): " + missing);
        }
        boolean hasRows;
        try (ResultSet rs = st.executeQuery("SELECT EXISTS (SELECT 1 FROM organizations) OR EXISTS (SELECT 1 FROM users)")) {
            rs.next();
            hasRows = rs.getBoolean(1);
        }
        if (hasRows && !options.reset()) {
            throw new IllegalStateException("the database already holds data; pass --reset to replace it");
        }
        st.execute("SET LOCAL maintenance_work_mem = '512MB'");
        st.execute("SET LOCAL synchronous_commit = off");
        // takes the locks now, fails fast if the server holds them for long
        st.execute("SET LOCAL lock_timeout = '30s'");
        st.execute("LOCK TABLE " + String.join(", ", TABLES) + " IN ACCESS EXCLUSIVE MODE");
        st.execute("SET LOCAL lock_timeout = 0");
    }

    private record Schema(List<String[]> foreignKeys, List<String> indexes) {
    }

    private Schema dropConstraints(Connection c, Statement st) throws SQLException {
        String tables = "ARRAY[" + String.join(",", TABLES.stream().map(x -> "'" + x + "'").toList()) + "]::regclass[]";
        List<String[]> fks = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                + "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(" + tables + ") ORDER BY oid")) {
            while (rs.next()) {
                fks.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        List<String[]> indexes = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                + "FROM pg_index i WHERE i.indrelid = ANY(" + tables + ") AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
                + "WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')) "
                + "ORDER BY i.indexrelid")) {
            while (rs.next()) {
                indexes.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        for (String[] fk : fks) {
            st.execute("ALTER TABLE " + fk[0] + " DROP CONSTRAINT " + quote(fk[1]));
        }
        for (String[] index : indexes) {
            st.execute("DROP INDEX " + index[0]);
        }
        // CASCADE: tables outside this list that reference these would otherwise block the truncate
        st.execute("TRUNCATE " + String.join(", ", TABLES) + " RESTART IDENTITY CASCADE");
        for (String table : TABLES) {
            st.execute("ALTER TABLE " + table + " DISABLE TRIGGER USER");
        }
        log.printf(Locale.ROOT, "dropped %d foreign keys and %d secondary indexes for the load; triggers disabled%n",
                fks.size(), indexes.size());
        return new Schema(fks, indexes.stream().map(i -> i[1]).toList());
    }

    private List<String> refreshMaterializedViews(Connection c, Statement st) throws SQLException {
        List<String> views = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT c.oid::regclass::text FROM pg_class c "
                + "WHERE c.relkind = 'm' AND c.relnamespace = current_schema()::regnamespace ORDER BY c.oid")) {
            while (rs.next()) {
                views.add(rs.getString(1));
            }
        }
        for (String view : views) {
            st.execute("REFRESH MATERIALIZED VIEW " + view);
        }
        if (!views.isEmpty()) {
            log.printf(Locale.ROOT, "refreshed materialized views %s%n", views);
        }
        return views;
    }

    private static void safeRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the server rolls back on its own
        }
    }

    /** One bcrypt hash (cost 10) for every bench user, salted from the seed so reruns are identical. */
    static String bcryptHash(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed ^ 0xB0C5L);
            return "{bcrypt}" + BCrypt.hashpw(PASSWORD, BCrypt.gensalt(10, random));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static double since(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    /** The COPY of each table. */
    private static final class Loader {

        private final CopyManager copy;
        private final Progress progress;
        private final DataSet data;
        private final Map<String, Long> rows;
        private final Map<String, Double> seconds;

        Loader(CopyManager copy, Progress progress, DataSet data, Map<String, Long> rows, Map<String, Double> seconds) {
            this.copy = copy;
            this.progress = progress;
            this.data = data;
            this.rows = rows;
            this.seconds = seconds;
        }

        private CsvOut begin(String table, String columns, long expected) throws SQLException {
            progress.start(table, expected);
            return new CsvOut(copy.copyIn("COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT csv, FREEZE)"));
        }

        private void end(String table, CsvOut out) throws SQLException {
            long n = out.finish();
            progress.add(out.rows() % 1024);
            seconds.put(table, progress.finish());
            rows.put(table, n);
            if (n != out.rows()) {
                throw new IllegalStateException(table + ": wrote " + out.rows() + " rows, server counted " + n);
            }
        }

        private void row(CsvOut out) throws SQLException {
            out.endRow();
            if ((out.rows() & 1023) == 0) {
                progress.add(1024);
            }
        }

        void organizations() throws SQLException {
            try (CsvOut out = begin("organizations", "id, name, slug, currency, created_at, updated_at", data.orgs)) {
                for (int o = 1; o <= data.orgs; o++) {
                    long h = DataSet.mix(data.seed, 0x0A6000L + o);
                    String name = Words.COMPANY_A[(int) Long.remainderUnsigned(h, Words.COMPANY_A.length)] + " "
                            + Words.COMPANY_B[(int) Long.remainderUnsigned(h >>> 20, Words.COMPANY_B.length)] + " " + o;
                    out.num(o).text(name).text("org-" + o).text(Words.CURRENCIES[(o - 1) % Words.CURRENCIES.length])
                            .ts(data.startMicros - MICROS_PER_DAY).ts(data.startMicros - MICROS_PER_DAY);
                    row(out);
                }
                end("organizations", out);
            }
        }

        void users(String passwordHash) throws SQLException {
            try (CsvOut out = begin("users", "id, org_id, email, name, password_hash, role, status, created_at, updated_at",
                    data.orgs * 2L)) {
                long id = 1;
                for (int o = 1; o <= data.orgs; o++) {
                    for (boolean admin : new boolean[] {true, false}) {
                        long at = data.startMicros - MICROS_PER_DAY + id * 1000;
                        out.num(id++).num(o).text(userEmail(o, admin)).text("Org " + o + (admin ? " Admin" : " Member"))
                                .text(passwordHash).text(admin ? "ADMIN" : "MEMBER").text("ACTIVE").ts(at).ts(at);
                        row(out);
                    }
                }
                end("users", out);
            }
        }

        void products() throws SQLException {
            int p = data.productsPerOrg;
            try (CsvOut out = begin("products", "id, org_id, sku, name, price, status, stock, created_at, updated_at, deleted_at",
                    (long) data.orgs * p)) {
                for (int o = 0; o < data.orgs; o++) {
                    for (int k = 0; k < p; k++) {
                        int index = o * p + k;
                        long h = DataSet.mix(data.seed, 0x960D0000000L + index);
                        String name = Words.PRODUCT_ADJ[(int) Long.remainderUnsigned(h, Words.PRODUCT_ADJ.length)] + " "
                                + Words.PRODUCT_MATERIAL[(int) Long.remainderUnsigned(h >>> 16, Words.PRODUCT_MATERIAL.length)] + " "
                                + Words.PRODUCT_NOUN[(int) Long.remainderUnsigned(h >>> 32, Words.PRODUCT_NOUN.length)];
                        int r = (int) ((h >>> 48) % 1000);
                        boolean archived = r < 50;
                        boolean deleted = archived && r % 2 == 0;
                        long created = data.productCreated(index);
                        long updated = created + (long) (DataSet.unit(h * 31) * 200 * MICROS_PER_DAY);
                        out.num(index + 1L).num(o + 1L).text(String.format(Locale.ROOT, "SKU-%05d", k + 1)).text(name)
                                .num(data.productPrice[index]).text(archived ? "ARCHIVED" : "ACTIVE").num(r)
                                .ts(created).ts(updated).ts(deleted ? updated : Long.MIN_VALUE);
                        row(out);
                    }
                }
                end("products", out);
            }
        }

        void customers() throws SQLException {
            try (CsvOut out = begin("customers", "id, org_id, name, email, phone, company, status, created_at, updated_at, deleted_at",
                    data.customers)) {
                long end = data.endMicros - DataSet.MICROS_PER_SECOND;
                StringBuilder sb = new StringBuilder(64);
                for (int j = 0; j < data.customers; j++) {
                    SplittableRandom r = new SplittableRandom(DataSet.mix(data.seed, 0xC0570000000L + j));
                    String first = Words.FIRST[r.nextInt(Words.FIRST.length)];
                    String last = Words.LAST[r.nextInt(Words.LAST.length)];
                    String company = r.nextInt(10) < 6 ? Words.COMPANY_A[r.nextInt(Words.COMPANY_A.length)] + " "
                            + Words.COMPANY_B[r.nextInt(Words.COMPANY_B.length)] + " "
                            + Words.COMPANY_SUFFIX[r.nextInt(Words.COMPANY_SUFFIX.length)] : null;
                    sb.setLength(0);
                    sb.append(first).append('.').append(last).append(j + 1).append('@');
                    if (company != null) {
                        sb.append(company, 0, company.indexOf(' ')).append("-mail.example");
                    } else {
                        sb.append("mail.example");
                    }
                    String email = sb.toString().toLowerCase(Locale.ROOT);
                    String phone = r.nextInt(10) < 7 ? String.format(Locale.ROOT, "+%d %d %07d", 30 + r.nextInt(20),
                            10 + r.nextInt(90), r.nextInt(10_000_000)) : null;
                    int s = r.nextInt(100);
                    String status = s < 20 ? "LEAD" : s < 90 ? "ACTIVE" : "CHURNED";
                    long created = data.customerCreated(j);
                    long updated = Math.min(end, created + (long) (r.nextDouble() * 30 * MICROS_PER_DAY));
                    updated = Math.max(updated, created);
                    boolean deleted = r.nextInt(100) == 0;
                    out.num(j + 1L).num(data.customerOrg(j) + 1L).text(first + " " + last).text(email).text(phone)
                            .text(company).text(status).ts(created).ts(updated).ts(deleted ? updated : Long.MIN_VALUE);
                    row(out);
                }
                end("customers", out);
            }
        }

        long[][] orders(long expected) throws SQLException {
            OrderStream s = new OrderStream(data);
            try (CsvOut out = begin("orders", "id, org_id, customer_id, number, status, total, placed_at, created_at, updated_at, deleted_at",
                    expected)) {
                while (s.hasNext()) {
                    s.next();
                    out.num(s.id).num(s.org + 1L).num(s.customerId).num(s.number).text(OrderStream.ORDER_STATUSES[s.status])
                            .num(s.total).ts(s.placedAt).ts(s.createdAt).ts(s.updatedAt).ts(s.deletedAt);
                    row(out);
                }
                end("orders", out);
            }
            long[][] counters = new long[data.orgs][2];
            for (int o = 0; o < data.orgs; o++) {
                counters[o][0] = s.orderCounter(o);
                counters[o][1] = s.invoiceCounter(o);
            }
            return counters;
        }

        void orderItems(long expected) throws SQLException {
            OrderStream s = new OrderStream(data);
            try (CsvOut out = begin("order_items", "id, org_id, order_id, product_id, quantity, unit_price, created_at, updated_at",
                    expected)) {
                while (s.hasNext()) {
                    s.next();
                    for (int k = 0; k < s.itemCount; k++) {
                        out.num(s.itemId[k]).num(s.org + 1L).num(s.id).num(s.itemProduct[k]).num(s.itemQuantity[k])
                                .num(s.itemPrice[k]).ts(s.createdAt).ts(s.createdAt);
                        row(out);
                    }
                }
                end("order_items", out);
            }
        }

        void invoices(long expected) throws SQLException {
            OrderStream s = new OrderStream(data);
            try (CsvOut out = begin("invoices", "id, org_id, order_id, customer_id, number, status, amount, issued_at, due_date, "
                    + "paid_at, created_at, updated_at", expected)) {
                while (s.hasNext()) {
                    s.next();
                    if (!s.invoiced) {
                        continue;
                    }
                    out.num(s.invoiceId).num(s.org + 1L).num(s.id).num(s.customerId).num(s.invoiceNumber)
                            .text(OrderStream.INVOICE_STATUSES[s.invoiceStatus]).num(s.total).ts(s.invoiceIssuedAt)
                            .date(s.invoiceDueDay).ts(s.invoicePaidAt).ts(s.invoiceCreatedAt).ts(s.invoiceUpdatedAt);
                    row(out);
                }
                end("invoices", out);
            }
        }

        void orgCounters(long[][] counters) throws SQLException {
            try (CsvOut out = begin("org_counters", "org_id, name, value", data.orgs * 2L)) {
                for (int o = 0; o < data.orgs; o++) {
                    out.num(o + 1L).text("order").num(counters[o][0]);
                    row(out);
                    out.num(o + 1L).text("invoice").num(counters[o][1]);
                    row(out);
                }
                end("org_counters", out);
            }
        }
    }
}
