package dev.brisk.indexes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.brisk.support.Psql;
import dev.brisk.support.VolumeDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * scripts/create-indexes.sql and scripts/drop-indexes.sql: the script is the migration with
 * CONCURRENTLY, both build the same indexes (names and definitions from pg_indexes), the scripts
 * run with psql on a database at the base schema, repeat safely, stop on an invalid leftover of a
 * failed build, and Flyway's V101 still runs on a database the script already indexed.
 */
class IndexScriptsIntegrationTest {

    static final String SERVER = VolumeDatabase.SERVER;

    @Test
    void theCreateScriptIsTheMigrationWithConcurrentlyAndTheDropScriptDropsExactlyItsIndexes() throws IOException {
        List<String> migration = IndexDocs.statements(IndexDocs.read(IndexDocs.MIGRATION)).stream()
                .filter(s -> s.startsWith("CREATE "))
                .toList();
        List<String> script = IndexDocs.statements(IndexDocs.read(IndexDocs.CREATE_SCRIPT)).stream()
                .filter(s -> s.startsWith("CREATE "))
                .toList();
        assertThat(migration).first().isEqualTo("CREATE EXTENSION IF NOT EXISTS pg_trgm;");
        assertThat(script)
                .allMatch(s ->
                        !s.startsWith("CREATE INDEX ") || s.startsWith("CREATE INDEX CONCURRENTLY IF NOT EXISTS "));
        assertThat(script.stream()
                        .map(s -> s.replace("CREATE INDEX CONCURRENTLY ", "CREATE INDEX "))
                        .toList())
                .as("scripts/create-indexes.sql = V101__indexes.sql + CONCURRENTLY")
                .isEqualTo(migration);

        List<String> drops = IndexDocs.statements(IndexDocs.read(IndexDocs.DROP_SCRIPT)).stream()
                .filter(s -> s.startsWith("DROP "))
                .toList();
        assertThat(drops)
                .containsExactlyInAnyOrderElementsOf(IndexDocs.migrationIndexes().stream()
                        .map(name -> "DROP INDEX CONCURRENTLY IF EXISTS " + name + ";")
                        .toList());
    }

    @Test
    void scriptsBuildWhatTheMigrationBuildsAndRunWithPsqlOnALiveDatabase() throws Exception {
        assumeTrue(Psql.available(), "psql is not installed");
        assumeTrue(VolumeDatabase.serverAvailable(), "no PostgreSQL on localhost:5432");
        String prefix = dev.brisk.support.TestDatabase.uniqueName("idxscripts");
        String migrated = prefix + "_flyway";
        String scripted = prefix + "_psql";
        Psql.execute("postgres", "CREATE DATABASE " + migrated);
        Psql.execute("postgres", "CREATE DATABASE " + scripted);
        try {
            migrate(migrated, "classpath:db/migration", "classpath:db/optimized");
            Map<String, String> byMigration = indexes(migrated);
            Map<String, String> v101 = new TreeMap<>(byMigration);
            v101.keySet().retainAll(IndexDocs.migrationIndexes());
            assertThat(v101.keySet()).containsExactlyInAnyOrderElementsOf(IndexDocs.migrationIndexes());

            migrate(scripted, "classpath:db/migration");
            Map<String, String> base = indexes(scripted);
            assertThat(base).doesNotContainKeys(v101.keySet().toArray(String[]::new));

            assertThat(psql(scripted, IndexDocs.CREATE_SCRIPT)).isZero();
            assertThat(indexes(scripted))
                    .as("base schema + scripts/create-indexes.sql")
                    .isEqualTo(union(base, v101));
            assertThat(psql(scripted, IndexDocs.CREATE_SCRIPT)).as("idempotent").isZero();
            assertThat(indexes(scripted)).isEqualTo(union(base, v101));

            assertThat(psql(scripted, IndexDocs.DROP_SCRIPT)).isZero();
            assertThat(indexes(scripted)).as("after scripts/drop-indexes.sql").isEqualTo(base);
            assertThat(psql(scripted, IndexDocs.DROP_SCRIPT)).as("idempotent").isZero();
            assertThat(indexes(scripted)).isEqualTo(base);

            // a build that failed half way leaves an INVALID index, which IF NOT EXISTS would skip
            Psql.execute(
                    scripted,
                    "INSERT INTO organizations (name, slug, currency) VALUES ('A', 'a', 'EUR'), ('B', 'b', 'EUR')");
            assertThatThrownBy(() -> Psql.execute(
                            scripted,
                            "CREATE UNIQUE INDEX CONCURRENTLY users_org_keyset_idx ON organizations (currency)"))
                    .hasMessageContaining("could not create unique index");
            assertThat(psql(scripted, IndexDocs.CREATE_SCRIPT))
                    .as("create stops on an invalid index")
                    .isNotZero();
            assertThat(lastOutput).contains("users_org_keyset_idx").contains("drop-indexes.sql");
            assertThat(psql(scripted, IndexDocs.DROP_SCRIPT)).isZero();
            assertThat(indexes(scripted)).isEqualTo(base);
            assertThat(psql(scripted, IndexDocs.CREATE_SCRIPT)).isZero();

            // the deployment after the script: Flyway's V101 finds every index and only records itself
            migrate(scripted, "classpath:db/migration", "classpath:db/optimized");
            assertThat(indexes(scripted))
                    .as("script, then Flyway = Flyway alone")
                    .isEqualTo(byMigration);
        } finally {
            Psql.execute("postgres", "DROP DATABASE IF EXISTS " + migrated + " WITH (FORCE)");
            Psql.execute("postgres", "DROP DATABASE IF EXISTS " + scripted + " WITH (FORCE)");
        }
    }

    private String lastOutput = "";

    private static void migrate(String db, String... locations) {
        Flyway.configure()
                .dataSource(SERVER + db, "postgres", "")
                .locations(locations)
                .load()
                .migrate();
    }

    /** Index name to definition (pg_indexes.indexdef) in schema public. */
    private static Map<String, String> indexes(String db) throws SQLException {
        Map<String, String> indexes = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(SERVER + db, "postgres", "");
                Statement s = c.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'")) {
            while (rs.next()) {
                indexes.put(rs.getString(1), rs.getString(2));
            }
        }
        return indexes;
    }

    private static Map<String, String> union(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return all;
    }

    private int psql(String db, String script) throws Exception {
        Psql.Run run = Psql.file(db, IndexDocs.root().resolve(script));
        lastOutput = run.output();
        return run.exitCode();
    }
}
