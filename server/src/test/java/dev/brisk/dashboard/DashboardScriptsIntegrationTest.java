package dev.brisk.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.brisk.support.Psql;
import dev.brisk.support.VolumeDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The standalone psql scripts: the create script is the Flyway migration verbatim, runs clean (and
 * again) with psql on a fresh database at the base schema, works, and the drop script removes
 * exactly what it created.
 */
class DashboardScriptsIntegrationTest {

    static final String SERVER = VolumeDatabase.SERVER;
    static final List<Path> MIGRATIONS = List.of(
            Path.of("src/main/resources/db/optimized/V100__dashboard_views.sql"),
            Path.of("src/main/resources/db/optimized/V102__dashboard_rollups.sql"),
            Path.of("src/main/resources/db/optimized/V103__dashboard_item_order_lock.sql"),
            Path.of("src/main/resources/db/optimized/V104__dashboard_refresh_changed_views.sql"),
            Path.of("src/main/resources/db/optimized/V105__dashboard_refresh_changed_content.sql"),
            Path.of("src/main/resources/db/optimized/V106__dashboard_order_update_unchanged.sql"),
            Path.of("src/main/resources/db/optimized/V107__dashboard_items_expanded_by_the_fold.sql"));

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/create-materialized-views.sql"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root with scripts/").isNotNull();
        return dir;
    }

    @Test
    void theCreateScriptIsTheMigrationsInsideAHeaderAndATransaction() throws IOException {
        Path root = repoRoot();
        StringBuilder migrations = new StringBuilder();
        for (Path migration : MIGRATIONS) {
            migrations
                    .append(migrations.isEmpty() ? "" : "\n")
                    .append(Files.readString(root.resolve("server").resolve(migration)));
        }
        String script = Files.readString(root.resolve("scripts/create-materialized-views.sql"));
        assertThat(script)
                .as("scripts/create-materialized-views.sql must contain %s verbatim, in this order", MIGRATIONS)
                .contains(migrations);
        String rest = script.replace(migrations, "");
        for (String line : rest.lines().toList()) {
            assertThat(line.isBlank()
                            || line.startsWith("--")
                            || line.equals("\\set ON_ERROR_STOP on")
                            || line.equals("BEGIN;")
                            || line.equals("COMMIT;"))
                    .as("only comments and the transaction around the migration, not: %s", line)
                    .isTrue();
        }
    }

    @Test
    void scriptsRunWithPsqlOnAFreshBaseSchemaAndTheDropScriptRemovesEverything() throws Exception {
        assumeTrue(Psql.available(), "psql is not installed");
        assumeTrue(VolumeDatabase.serverAvailable(), "no PostgreSQL on localhost:5432");
        String db = dev.brisk.support.TestDatabase.uniqueName("scripts");
        Psql.execute("postgres", "CREATE DATABASE " + db);
        try {
            Flyway.configure()
                    .dataSource(SERVER + db, "postgres", "")
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            Set<String> base = objects(db);
            assertThat(base).contains("table organizations").noneMatch(o -> o.contains("dashboard"));

            // data already there when the dashboard is installed: the backfill must count it
            try (Connection c = DriverManager.getConnection(SERVER + db, "postgres", "");
                    Statement s = c.createStatement()) {
                s.execute("INSERT INTO organizations (name, slug, currency) VALUES ('S', 's', 'USD')");
                s.execute("INSERT INTO customers (org_id, name) SELECT id, 'c' FROM organizations");
                s.execute("""
                        INSERT INTO orders (org_id, customer_id, number, status, total, placed_at)
                        SELECT org_id, id, 1, 'PAID', 4200, now() FROM customers
                        """);
            }

            Path root = repoRoot();
            psql(db, root.resolve("scripts/create-materialized-views.sql"));
            Set<String> created = new HashSet<>(objects(db));
            created.removeAll(base);
            assertThat(created)
                    .contains(
                            "matview dashboard_summary",
                            "matview dashboard_as_of",
                            "matview dashboard_orders_by_status",
                            "matview dashboard_revenue_daily",
                            "matview dashboard_top_products",
                            "matview dashboard_top_customers",
                            "table dashboard_refresh_log",
                            "index dashboard_summary_org_id_key",
                            "function get_dashboard_summary(org bigint)",
                            "function refresh_dashboard_summary(reason text, orgs bigint[])",
                            "table dashboard_delta",
                            "table dashboard_rollup_orders_daily",
                            "table dashboard_rollup_customer_orders_30d",
                            "trigger orders_dashboard_insert",
                            "trigger order_items_dashboard_update",
                            "trigger invoices_dashboard_delete",
                            "trigger customers_dashboard_update",
                            "function dashboard_fold()",
                            "function dashboard_fold_changes(OUT folded bigint, OUT kinds text)",
                            "trigger products_dashboard_names",
                            "trigger customers_dashboard_names",
                            "function dashboard_delta_names()",
                            "function dashboard_delta_organizations()",
                            "trigger organizations_dashboard_change",
                            "function dashboard_rebuild_rollups()",
                            "view dashboard_summary_source",
                            "view dashboard_top_customers_source",
                            "function dashboard_refresh_if_changed(view text)",
                            "table dashboard_rollup_orders_window",
                            "function dashboard_build_orders_window(today date)");
            psql(db, root.resolve("scripts/create-materialized-views.sql")); // idempotent
            assertThat(objects(db)).isEqualTo(union(base, created));

            // triggers, fold and one-call read from a plain session
            try (Connection c = DriverManager.getConnection(SERVER + db, "postgres", "");
                    Statement s = c.createStatement()) {
                assertThat(dashboard(s, "revenue,last30Days")).isEqualTo("4200"); // the backfill counted the old order
                s.execute("""
                        INSERT INTO orders (org_id, customer_id, number, status, total, placed_at)
                        SELECT org_id, id, 2, 'PAID', 100, now() FROM customers
                        """);
                assertThat(dashboard(s, "revenue,last30Days")).isEqualTo("4200"); // not folded yet
                refresh(s);
                assertThat(dashboard(s, "revenue,last30Days")).isEqualTo("4300");

                // a write the triggers do not see, then the operator's rebuild script
                s.execute("ALTER TABLE orders DISABLE TRIGGER orders_dashboard_insert");
                s.execute("""
                        INSERT INTO orders (org_id, customer_id, number, status, total, placed_at)
                        SELECT org_id, id, 3, 'SHIPPED', 1000, now() FROM customers
                        """);
                s.execute("ALTER TABLE orders ENABLE TRIGGER orders_dashboard_insert");
                refresh(s);
                assertThat(dashboard(s, "revenue,last30Days")).isEqualTo("4300");
                psql(db, root.resolve("scripts/rebuild-dashboard-rollups.sql"));
                assertThat(dashboard(s, "revenue,last30Days")).isEqualTo("5300");
                assertThat(dashboard(s, "orders,last30Days")).isEqualTo("3");
            }
            assertThat(objects(db)).isEqualTo(union(base, created));

            psql(db, root.resolve("scripts/drop-materialized-views.sql"));
            assertThat(objects(db)).isEqualTo(base);
            psql(db, root.resolve("scripts/drop-materialized-views.sql")); // idempotent
            assertThat(objects(db)).isEqualTo(base);
        } finally {
            Psql.execute("postgres", "DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
        }
    }

    static String dashboard(Statement s, String path) throws SQLException {
        try (ResultSet rs =
                s.executeQuery("SELECT get_dashboard_summary(id) #>> '{" + path + "}' FROM organizations")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static void refresh(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT refresh_dashboard_summary('script-test') IS NOT NULL")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
        }
    }

    /** Every relation, function and type in schema public, e.g. "matview dashboard_summary". */
    static Set<String> objects(String db) throws SQLException {
        Set<String> names = new HashSet<>();
        try (Connection c = DriverManager.getConnection(SERVER + db, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                     SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'm' THEN 'matview' WHEN 'i' THEN 'index'
                                           WHEN 'S' THEN 'sequence' WHEN 'v' THEN 'view' ELSE 'relation ' || c.relkind::text END
                            || ' ' || c.relname
                     FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace
                     UNION ALL
                     SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')'
                     FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace
                     UNION ALL
                     SELECT 'type ' || t.typname FROM pg_type t WHERE t.typnamespace = 'public'::regnamespace
                     UNION ALL
                     SELECT 'trigger ' || tg.tgname FROM pg_trigger tg
                     JOIN pg_class c ON c.oid = tg.tgrelid WHERE c.relnamespace = 'public'::regnamespace
                     """)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return all;
    }

    static void psql(String db, Path script) throws Exception {
        Psql.Run run = Psql.file(db, script);
        assertThat(run.exitCode()).as("psql -f %s:%n%s", script, run.output()).isZero();
    }
}
