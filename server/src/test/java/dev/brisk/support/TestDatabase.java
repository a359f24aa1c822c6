package dev.brisk.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Points every test context at one real PostgreSQL: a database of this test JVM's own on the local
 * server ({@code brisk_test_<random>}, created here and dropped when the JVM exits) when it answers,
 * otherwise an embedded one in a fresh folder under target/. Tests never touch a database they did
 * not create: every database a test makes is named with {@link #PREFIX}.
 */
public final class TestDatabase {

    /** The prefix of every database the tests create (and so may drop). */
    public static final String PREFIX = "brisk_test_";

    static final String SERVER = "jdbc:postgresql://localhost:5432/";

    private static Map<String, String> properties;
    private static String name;

    private TestDatabase() {}

    public static synchronized Map<String, String> properties() {
        if (properties == null) {
            String db = uniqueName("main");
            if (create(db)) {
                name = db;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(db)));
                // one idle connection per context, not twenty: many test JVMs share this server's 100 connections
                properties = Map.of(
                        "spring.datasource.url",
                        SERVER + db,
                        "spring.datasource.username",
                        "postgres",
                        "spring.datasource.hikari.minimum-idle",
                        "1",
                        "spring.datasource.hikari.idle-timeout",
                        "10000");
            } else {
                properties = Map.of("brisk.embedded.data-dir", "target/embedded-pg-" + System.currentTimeMillis());
            }
        }
        return properties;
    }

    public static String jdbcUrl() {
        return properties().get("spring.datasource.url");
    }

    /** A database name of the tests' own, unique to this JVM: {@code brisk_test_<purpose>_<random>}. */
    public static String uniqueName(String purpose) {
        return PREFIX + purpose.toLowerCase(Locale.ROOT) + "_"
                + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
    }

    private static boolean create(String db) {
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void drop(String db) {
        if (!db.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a test database: " + db);
        }
        try (Connection c = DriverManager.getConnection(SERVER + "postgres", "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        } catch (SQLException e) {
            // the server is gone: nothing left to clean
        }
    }

    /** The name of this JVM's main test database, or null with the embedded one. */
    public static synchronized String name() {
        properties();
        return name;
    }
}
