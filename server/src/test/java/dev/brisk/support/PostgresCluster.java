package dev.brisk.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster of a test's own (initdb + pg_ctl from /usr/lib/postgresql/N/bin) on a
 * free port, in a temporary folder, that the test may stop and start at will: never the shared server
 * on 5432. As root the binaries run as the {@code postgres} user (initdb refuses root).
 */
public final class PostgresCluster implements AutoCloseable {

    private final Path dir;
    private final Path data;
    private final Path bin;
    private final int port;

    private PostgresCluster(Path dir, Path bin, int port) {
        this.dir = dir;
        this.data = dir.resolve("data");
        this.bin = bin;
        this.port = port;
    }

    /** The newest installed PostgreSQL's bin folder, or null when there is none. */
    public static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(b -> Integer.parseInt(
                            b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    public static PostgresCluster start() {
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException("no PostgreSQL binaries under /usr/lib/postgresql");
        }
        try {
            Path dir = Files.createTempDirectory("brisk-pg-");
            PostgresCluster cluster = new PostgresCluster(dir, bin, Ports.free());
            cluster.own(dir);
            cluster.run(List.of(
                    bin.resolve("initdb").toString(),
                    "-D",
                    cluster.data.toString(),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--no-sync"));
            cluster.startServer();
            return cluster;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public void createDatabase(String name) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public void startServer() {
        run(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                data.toString(),
                "-l",
                dir.resolve("server.log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                        + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
                "start"));
    }

    /** {@code pg_ctl stop -m fast}: sessions are terminated, in-flight transactions roll back. */
    public void stopServer() {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "-t", "60", "stop"));
    }

    @Override
    public void close() {
        try {
            stopServer();
        } catch (RuntimeException ignored) {
            // already stopped
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder: left for the OS
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private void own(Path folder) {
        if (root()) {
            run(List.of("chown", "-R", "postgres:postgres", folder.toString()), false);
        }
    }

    private void run(List<String> command) {
        run(command, root());
    }

    private void run(List<String> command, boolean asPostgres) {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
