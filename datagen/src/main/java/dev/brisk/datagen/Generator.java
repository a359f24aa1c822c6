package dev.brisk.datagen;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

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

    public enum Migrate {
        BASE,
        ALL,
        NONE
    }

    /** Tables the generator owns, in load order. */
    public static final List<String> TABLES = List.of(
            "organizations",
            "users",
            "sessions",
            "products",
            "customers",
            "orders",
            "order_items",
            "invoices",
            "org_counters");

    /** Password of every generated login ({@link Logins}). */
    public static final String PASSWORD = Logins.PASSWORD;

    /** The platform operator (#11): reads /api/monitoring and clears caches. */
    public static final String OPERATOR_EMAIL = Logins.OPERATOR_EMAIL;

    /** Flyway logs every step at INFO through java.util.logging; one summary line is enough. Held: JUL keeps loggers weakly. */
    private static final java.util.logging.Logger FLYWAY_LOG = java.util.logging.Logger.getLogger("org.flywaydb");

    /**
     * @param passwordHash every generated user's password hash (Spring Security's {@code {bcrypt}...}
     *     form); null = {@link #PASSWORD} hashed with a salt from the seed
     */
    public record Options(
            String jdbcUrl,
            String user,
            String password,
            Size size,
            long seed,
            Instant asOf,
            Migrate migrate,
            boolean reset,
            boolean vacuum,
            Progress.Style progress,
            PrintStream log,
            String passwordHash) {

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

    /** @param password every login's password, null when the caller gave its own hash */
    public record Result(
            Size size,
            long seed,
            Instant asOf,
            Map<String, Long> rows,
            Map<String, Double> seconds,
            double totalSeconds,
            String password,
            List<String> logins) {}

    private final Options options;
    private final PrintStream log;

    public Generator(Options options) {
        this.options = options;
        this.log = options.log();
    }

    public Result generate() throws SQLException {
        long t0 = System.nanoTime();
        Map<String, Double> seconds = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        Size size = options.size();
        long endMicros = micros(options.asOf());

        if (options.migrate() != Migrate.NONE) {
            long t = System.nanoTime();
            String migrated =
                    migrate(options.jdbcUrl(), options.user(), options.password(), options.migrate() == Migrate.ALL);
            seconds.put("migrate", since(t));
            log.println("flyway ("
                    + String.join(
                            " + ",
                            options.migrate() == Migrate.ALL
                                    ? List.of("db/migration", "db/optimized")
                                    : List.of("db/migration"))
                    + "): " + migrated);
        }

        long t = System.nanoTime();
        DataSet data = new DataSet(size, options.seed(), endMicros);
        Plan plan = plan(data);
        long items = plan.items();
        long invoices = plan.invoices();
        seconds.put("plan", since(t));
        log.printf(
                Locale.ROOT,
                "generating size %s (seed %d, as of %s): %d orgs, %,d users, %,d sessions, %,d customers, "
                        + "%,d products, %,d orders, %,d items, %,d invoices%n",
                size,
                options.seed(),
                options.asOf(),
                size.orgs(),
                size.users(),
                size.sessions(),
                size.customers(),
                size.products(),
                size.orders(),
                items,
                invoices);

        List<String> views = List.of();
        try (Connection c = connect(options.jdbcUrl(), options.user(), options.password());
                Progress progress = new Progress(log, options.progress())) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                t = System.nanoTime();
                LoadSchema.checkAndLock(st, options.reset());
                seconds.put("prepare", since(t));
                LoadSchema.Dropped dropped = LoadSchema.dropConstraints(st, log);

                String passwordHash =
                        options.passwordHash() != null ? options.passwordHash() : Logins.bcryptHash(options.seed());
                CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                TableLoader loader =
                        new TableLoader(copy, progress, data, rows, seconds, TableLoader.Offsets.NONE, true);
                loader.organizations();
                loader.users(passwordHash);
                if (size.sessions() > 0) {
                    loader.sessions();
                }
                loader.products();
                loader.customers(plan.ordered());
                long[][] counters = loader.orders(size.orders());
                loader.orderItems(items);
                loader.invoices(invoices);
                loader.orgCounters(counters);

                LoadSchema.rebuild(st, dropped, seconds);
                t = System.nanoTime();
                Logins.addOperator(c, passwordHash); // triggers still off: no change notification
                LoadSchema.enableTriggersAndSequences(st);
                views = LoadSchema.refreshMaterializedViews(st, log);
                LoadSchema.announceAllChanged(st);
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
        return new Result(
                size,
                options.seed(),
                options.asOf(),
                rows,
                seconds,
                total,
                options.passwordHash() == null ? PASSWORD : null,
                Logins.all(size.orgs()));
    }

    /** What a counting pass over a data set's orders finds: who ordered, how many items and invoices. */
    record Plan(BitSet ordered, long items, long invoices) {}

    static Plan plan(DataSet data) {
        OrderStream counting = new OrderStream(data);
        BitSet ordered = new BitSet(data.customers);
        long items = 0;
        long invoices = 0;
        while (counting.hasNext()) {
            counting.next();
            ordered.set((int) counting.customerId - 1);
            items += counting.itemCount;
            invoices += counting.invoiced ? 1 : 0;
        }
        return new Plan(ordered, items, invoices);
    }

    static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), at.getNano() / 1000);
    }

    public static String migrate(String jdbcUrl, String user, String password, boolean optimized) {
        String[] locations = optimized
                ? new String[] {"classpath:db/migration", "classpath:db/optimized"}
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

    private static void safeRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the server rolls back on its own
        }
    }

    static double since(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }
}
