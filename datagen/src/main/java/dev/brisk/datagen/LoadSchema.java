package dev.brisk.datagen;

import java.io.PrintStream;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the load does to the schema around the COPY, inside the load's transaction: checks the
 * tables exist and are empty (or may be reset) and locks them; drops the foreign keys and
 * secondary indexes and disables user triggers (the change notifications); afterwards rebuilds
 * them (one validating join per foreign key instead of one lookup per row), moves the identity
 * sequences past the data, refreshes materialized views and tells listening nodes that all changed.
 */
final class LoadSchema {

    /** Tables whose change triggers (V5) announce changes on channel brisk_changes. */
    static final List<String> NOTIFYING_TABLES =
            List.of("customers", "products", "orders", "order_items", "invoices", "users", "sessions");

    /** What {@link #dropConstraints} took away: foreign keys as (table, name, definition), index definitions. */
    record Dropped(List<String[]> foreignKeys, List<String> indexes) {}

    private LoadSchema() {}

    /** Fails unless every table exists and the database is empty or {@code reset}; then locks the tables. */
    static void checkAndLock(Statement st, boolean reset) throws SQLException {
        List<String> missing = new ArrayList<>();
        for (String table : Generator.TABLES) {
            try (ResultSet rs = st.executeQuery("SELECT to_regclass('" + table + "')")) {
                rs.next();
                if (rs.getString(1) == null) {
                    missing.add(table);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(
                    "tables missing (migrate the schema first, or drop --migrate none): " + missing);
        }
        boolean hasRows;
        try (ResultSet rs =
                st.executeQuery("SELECT EXISTS (SELECT 1 FROM organizations) OR EXISTS (SELECT 1 FROM users)")) {
            rs.next();
            hasRows = rs.getBoolean(1);
        }
        if (hasRows && !reset) {
            throw new IllegalStateException("the database already holds data; pass --reset to replace it");
        }
        st.execute("SET LOCAL maintenance_work_mem = '512MB'");
        st.execute("SET LOCAL synchronous_commit = off");
        // takes the locks now, fails fast if the server holds them for long
        st.execute("SET LOCAL lock_timeout = '30s'");
        st.execute("LOCK TABLE " + String.join(", ", Generator.TABLES) + " IN ACCESS EXCLUSIVE MODE");
        st.execute("SET LOCAL lock_timeout = 0");
    }

    static Dropped dropConstraints(Statement st, PrintStream log) throws SQLException {
        String tables = "ARRAY["
                + String.join(
                        ",", Generator.TABLES.stream().map(x -> "'" + x + "'").toList()) + "]::regclass[]";
        List<String[]> fks = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
                + "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(" + tables + ") ORDER BY oid")) {
            while (rs.next()) {
                fks.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        List<String[]> indexes = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                + "FROM pg_index i WHERE i.indrelid = ANY(" + tables
                + ") AND NOT EXISTS (SELECT 1 FROM pg_constraint k "
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
        st.execute("TRUNCATE " + String.join(", ", Generator.TABLES) + " RESTART IDENTITY CASCADE");
        for (String table : Generator.TABLES) {
            st.execute("ALTER TABLE " + table + " DISABLE TRIGGER USER");
        }
        log.printf(
                Locale.ROOT,
                "dropped %d foreign keys and %d secondary indexes for the load; triggers disabled%n",
                fks.size(),
                indexes.size());
        return new Dropped(fks, indexes.stream().map(i -> i[1]).toList());
    }

    /** Rebuilds what {@link #dropConstraints} dropped; returns the seconds of each step. */
    static void rebuild(Statement st, Dropped dropped, java.util.Map<String, Double> seconds) throws SQLException {
        long t = System.nanoTime();
        for (String index : dropped.indexes()) {
            st.execute(index);
        }
        seconds.put("indexes", Generator.since(t));
        t = System.nanoTime();
        for (String[] fk : dropped.foreignKeys()) {
            st.execute("ALTER TABLE " + fk[0] + " ADD CONSTRAINT " + quote(fk[1]) + " " + fk[2]);
        }
        seconds.put("foreign keys", Generator.since(t));
    }

    /** Triggers back on, identity sequences past the generated ids. */
    static void enableTriggersAndSequences(Statement st) throws SQLException {
        for (String table : Generator.TABLES) {
            st.execute("ALTER TABLE " + table + " ENABLE TRIGGER USER");
            if (!table.equals("org_counters")) {
                st.execute("SELECT setval(pg_get_serial_sequence('" + table
                        + "', 'id'), coalesce(max(id), 0) + 1, false) FROM " + table);
            }
        }
    }

    /** The message the change triggers send for a statement touching many orgs, once per table: caches drop everything. */
    static void announceAllChanged(Statement st) throws SQLException {
        for (String table : NOTIFYING_TABLES) {
            st.execute("SELECT pg_notify('brisk_changes', '{\"table\": \"" + table + "\", \"all\": true}')");
        }
    }

    /**
     * The dashboard rollups (db/optimized V102) from the loaded rows, then every materialized view.
     * The rollups are kept by triggers, which were off for the load, and the views read them.
     */
    static List<String> refreshMaterializedViews(Statement st, PrintStream log) throws SQLException {
        boolean rollups;
        try (ResultSet rs = st.executeQuery("SELECT to_regprocedure('dashboard_rebuild_rollups()') IS NOT NULL")) {
            rs.next();
            rollups = rs.getBoolean(1);
        }
        if (rollups) {
            st.execute("SELECT dashboard_rebuild_rollups()");
            log.println("rebuilt the dashboard rollups");
        }
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

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
