package dev.brisk.bench.compare;

import dev.brisk.datagen.Generator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The comparison's databases on one PostgreSQL server: a data set (generated once, never served,
 * the template) and a clone of it per mode ({@code CREATE DATABASE ... TEMPLATE ...}).
 */
final class Databases {

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String serverUrl; // ends with '/'
    private final String user;
    private final String password;

    Databases(String serverUrl, String user, String password) {
        this.serverUrl = serverUrl.endsWith("/") ? serverUrl : serverUrl + "/";
        this.user = user;
        this.password = password;
    }

    static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + NAME + ": " + name);
        }
        return name;
    }

    String url(String database) {
        return serverUrl + checkName(database);
    }

    private Connection admin() throws SQLException {
        return Generator.connect(serverUrl + "postgres", user, password);
    }

    boolean exists(String name) throws SQLException {
        try (Connection c = admin();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, checkName(name));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    void drop(String name) throws SQLException {
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + checkName(name) + " WITH (FORCE)");
        }
    }

    void create(String name) throws SQLException {
        drop(name);
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + checkName(name));
        }
    }

    /** Replaces {@code name} with a file-level copy of {@code template} (which must have no other sessions). */
    void cloneOf(String template, String name) throws SQLException {
        drop(name);
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + checkName(name) + " TEMPLATE " + checkName(template));
        }
    }

    void comment(String name, String text) throws SQLException {
        try (Connection c = admin();
                Statement st = c.createStatement()) {
            st.execute("COMMENT ON DATABASE " + checkName(name) + " IS '" + text.replace("'", "''") + "'");
        }
    }

    String comment(String name) throws SQLException {
        try (Connection c = admin();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?")) {
            ps.setString(1, checkName(name));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    long sizeBytes(String name) throws SQLException {
        try (Connection c = admin();
                PreparedStatement ps = c.prepareStatement("SELECT pg_database_size(?)")) {
            ps.setString(1, checkName(name));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** "15.20 (Debian ...), max_connections 100, shared_buffers 128MB". */
    String serverVersion() throws SQLException {
        try (Connection c = admin();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "SELECT current_setting('server_version'), current_setting('max_connections'), current_setting('shared_buffers')")) {
            rs.next();
            return rs.getString(1) + ", max_connections " + rs.getString(2) + ", shared_buffers " + rs.getString(3);
        }
    }

    /** Rows per business table. */
    Map<String, Long> rowCounts(String name) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = Generator.connect(url(name), user, password);
                Statement st = c.createStatement()) {
            for (String table : Generator.TABLES) {
                if (table.equals("org_counters")) {
                    continue;
                }
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    out.put(table, rs.getLong(1));
                }
            }
        }
        return out;
    }

    /** Applied Flyway migrations, e.g. "V100 dashboard views". */
    List<String> migrations(String name) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = Generator.connect(url(name), user, password);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT version, description FROM flyway_schema_history "
                        + "WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                out.add("V" + rs.getString(1) + " " + rs.getString(2));
            }
        }
        return out;
    }

    /** Indexes of the business tables that back neither a primary key nor a unique constraint. */
    List<String> secondaryIndexes(String name) throws SQLException {
        List<String> out = new ArrayList<>();
        String tables = "ARRAY["
                + String.join(
                        ",", Generator.TABLES.stream().map(x -> "'" + x + "'").toList()) + "]::regclass[]";
        try (Connection c = Generator.connect(url(name), user, password);
                Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("SELECT i.indexrelid::regclass::text FROM pg_index i WHERE i.indrelid = ANY("
                                + tables
                                + ") AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid "
                                + "AND k.contype IN ('p', 'u', 'x')) ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    List<String> materializedViews(String name) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = Generator.connect(url(name), user, password);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT matviewname FROM pg_matviews ORDER BY 1")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** Plain ANALYZE of the whole database: statistics for objects a migration just created. */
    void analyze(String name) throws SQLException {
        try (Connection c = Generator.connect(url(name), user, password);
                Statement st = c.createStatement()) {
            st.execute("ANALYZE");
        }
    }

    /** Statements running right now in these databases (other than this check). */
    int activeStatements(List<String> names) throws SQLException {
        try (Connection c = admin();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = ANY(?) AND state = 'active' "
                                + "AND backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
            ps.setArray(1, c.createArrayOf("text", names.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
