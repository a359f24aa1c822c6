package dev.brisk.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Points every test context at one real PostgreSQL: the local server (database {@code test}, or
 * {@code BRISK_TEST_DB}) when it answers, otherwise an embedded one in a fresh folder under
 * target/. The local database is wiped once per test JVM so each run starts from the migrations.
 */
public final class TestDatabase {

    private static Map<String, String> properties;

    private TestDatabase() {}

    public static synchronized Map<String, String> properties() {
        if (properties == null) {
            String db = System.getenv().getOrDefault("BRISK_TEST_DB", "test");
            String url = "jdbc:postgresql://localhost:5432/" + db;
            if (reset(url)) {
                properties = Map.of("spring.datasource.url", url, "spring.datasource.username", "postgres");
            } else {
                properties = Map.of("brisk.embedded.data-dir", "target/embedded-pg-" + System.currentTimeMillis());
            }
        }
        return properties;
    }

    public static String jdbcUrl() {
        return properties().get("spring.datasource.url");
    }

    private static boolean reset(String url) {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
