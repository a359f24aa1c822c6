package dev.brisk.support;

import dev.brisk.datagen.Generator;
import dev.brisk.datagen.Logins;
import dev.brisk.datagen.Progress;
import dev.brisk.datagen.Size;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A database of its own, {@code brisk_test_volume_<random>}, at realistic volume ({@link #PLANS}),
 * made by datagen's {@link Generator} (the harness's data sets, deterministic by seed and day): six
 * organizations, org-1 holding half of the customers and orders, 220 000 orders over two years
 * with about 617 000 items and 179 000 invoices, 50 000 customers, 27 000 products, 5 100 users
 * and 100 000 sessions (the benchmark's {@link #MILLION} is 4.5 times the orders).
 *
 * <p>The generator migrates db/migration and db/optimized (the dashboard views and V101's
 * indexes), drops the secondary indexes and foreign keys, loads with COPY, then rebuilds them (one
 * validating join per foreign key), so the indexes are built on existing data, as they reach a
 * production database, and every foreign key is checked. VACUUM ANALYZE of the whole database ends it.
 */
public final class VolumeDatabase implements AutoCloseable {

    public static final String SERVER = "jdbc:postgresql://localhost:5432/";
    /** What IndexPlanIntegrationTest plans against: org-1 deep enough for its deepest cursors. */
    public static final Size PLANS = new Size("PLANS", 6, 50_000, 4_500, 220_000, 0.5, 850, 100_000, 730);
    /** The benchmark's million orders. */
    public static final Size MILLION = new Size("MILLION", 6, 200_000, 3_400, 1_000_000, 0.5, 340, 100_000, 730);
    /** The big organization: half of the customers and orders. */
    public static final long BIG_ORG = 1;
    /** The platform operator the generator adds, with the generated users' password. */
    public static final String OPERATOR_EMAIL = Logins.OPERATOR_EMAIL;
    /** An ADMIN of the big organization, with the generated users' password. */
    public static final String ADMIN_EMAIL = Logins.userEmail((int) BIG_ORG, true);

    private static final long SEED = 17;

    /** A foreign key as the catalog describes it. */
    public record ForeignKey(
            String name, String table, List<String> columns, String parent, List<String> parentColumns) {}

    private final String name;
    private final Map<String, Long> millis = new LinkedHashMap<>();

    private VolumeDatabase(String name) {
        this.name = name;
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

    /** Creates, migrates and fills the database; {@code passwordHash} is every generated user's. */
    public static VolumeDatabase build(String passwordHash) throws SQLException {
        return build(passwordHash, PLANS, "_volume");
    }

    public static VolumeDatabase build(String passwordHash, Size size, String suffix) throws SQLException {
        String db = TestDatabase.uniqueName(suffix.replaceFirst("^_", ""));
        VolumeDatabase volume = new VolumeDatabase(db);
        long start = System.nanoTime();
        admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        admin("CREATE DATABASE " + db);
        volume.millis.put("create database", (System.nanoTime() - start) / 1_000_000);
        try {
            Generator.Result result = new Generator(new Generator.Options(
                            volume.url(),
                            "postgres",
                            "",
                            size,
                            SEED,
                            null,
                            Generator.Migrate.ALL,
                            false,
                            false,
                            Progress.Style.NONE,
                            new PrintStream(System.out, true),
                            passwordHash))
                    .generate();
            result.seconds().forEach((step, seconds) -> volume.millis.put(step, Math.round(seconds * 1000)));
            // the whole database, not only the generator's tables: the planner then knows the empty ones are empty
            long vacuum = System.nanoTime();
            try (Connection c = volume.connect();
                    Statement s = c.createStatement()) {
                s.execute("VACUUM (ANALYZE)");
            }
            volume.millis.put("vacuum analyze", (System.nanoTime() - vacuum) / 1_000_000);
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

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
