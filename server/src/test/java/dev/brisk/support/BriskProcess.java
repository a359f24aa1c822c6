package dev.brisk.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Brisk in a JVM of its own (this test's classpath, the test database), for what cannot be tried in this
 * JVM: logging is configured once per JVM while a Spring context that configured it stays open, so a
 * logging format of its own needs a process of its own. Its console output goes to a file.
 */
public final class BriskProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path output;

    private BriskProcess(Process process, int port, Path output) {
        this.process = process;
        this.port = port;
        this.output = output;
    }

    public static BriskProcess start(Map<String, String> properties, Path output) {
        int port = Ports.free();
        Map<String, String> all = new HashMap<>(TestDatabase.properties());
        all.put("server.port", Integer.toString(port));
        all.put("brisk.demo.seed", "false");
        all.putAll(properties);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.brisk.BriskApplication"));
        all.forEach((k, v) -> command.add("--" + k + "=" + v));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            BriskProcess brisk = new BriskProcess(process, port, output);
            brisk.awaitReady();
            return brisk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofMinutes(4))
                .pollInterval(Duration.ofMillis(500))
                .ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Brisk exited: " + Files.readString(output));
                    }
                    return api().get(null, "/actuator/health/readiness").status() == 200;
                });
    }

    public Api api() {
        return new Api(port);
    }

    public Fixtures fixtures() {
        Map<String, String> db = TestDatabase.properties();
        if (!db.containsKey("spring.datasource.url")) {
            throw new IllegalStateException("BriskProcess needs the local PostgreSQL (the embedded one is this JVM's)");
        }
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                db.get("spring.datasource.url"),
                db.getOrDefault("spring.datasource.username", "postgres"),
                db.getOrDefault("spring.datasource.password", ""));
        return new Fixtures(JdbcClient.create(dataSource), () -> port);
    }

    /** Its console output so far. */
    public List<String> lines() {
        try {
            return Files.readAllLines(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
