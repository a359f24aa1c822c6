package dev.brisk.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL primary and a streaming replica of it ({@code pg_basebackup -R}), each on a free
 * port, in a temporary folder, made with Debian's tools from /usr/lib/postgresql/N/bin and removed on
 * {@link #close()}. The database {@code brisk} exists on both. As root the servers run as {@code postgres}
 * (PostgreSQL refuses root). Tests that need it skip, saying why, where the tools are missing.
 */
public final class StreamingReplica implements AutoCloseable {

    public static final String DATABASE = "brisk";

    private final Path bin;
    private final Path dir;
    private final int primaryPort;
    private final int replicaPort;

    private StreamingReplica(Path bin, Path dir, int primaryPort, int replicaPort) {
        this.bin = bin;
        this.dir = dir;
        this.primaryPort = primaryPort;
        this.replicaPort = replicaPort;
    }

    /** Starts both servers, or skips the calling test when PostgreSQL's server tools are not installed. */
    public static StreamingReplica start() {
        Path bin = tools();
        Assumptions.assumeTrue(
                bin != null,
                "PostgreSQL server tools (initdb, pg_ctl, pg_basebackup under /usr/lib/postgresql/*/bin) are not installed");
        try {
            Path dir = Files.createTempDirectory("brisk-replica-");
            StreamingReplica pair = new StreamingReplica(bin, dir, Ports.free(), Ports.free());
            pair.create();
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tools() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b ->
                            Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_basebackup")))
                    .max(Comparator.naturalOrder())
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private void create() {
        chownToPostgres(dir);
        run("initdb", "-D", primaryDir(), "-U", "postgres", "-A", "trust", "--no-sync");
        append(Path.of(primaryDir(), "postgresql.conf"), """
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                wal_level = replica
                max_wal_senders = 5
                fsync = off
                full_page_writes = off
                shared_buffers = 32MB
                max_connections = 60
                """.formatted(primaryPort, dir));
        startPrimary();
        try (Connection c = DriverManager.getConnection(url(primaryPort, "postgres"), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        run(
                "pg_basebackup",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(primaryPort),
                "-U",
                "postgres",
                "-D",
                replicaDir(),
                "-R",
                "-X",
                "stream");
        append(
                Path.of(replicaDir(), "postgresql.conf"),
                "port = %d\nhot_standby_feedback = on\n".formatted(replicaPort));
        startReplica();
    }

    public String primaryUrl() {
        return url(primaryPort, DATABASE);
    }

    public String replicaUrl() {
        return url(replicaPort, DATABASE);
    }

    public void startPrimary() {
        run("pg_ctl", "-D", primaryDir(), "-l", dir.resolve("primary.log").toString(), "-w", "start");
    }

    public void startReplica() {
        run("pg_ctl", "-D", replicaDir(), "-l", dir.resolve("replica.log").toString(), "-w", "start");
    }

    /** {@code pg_ctl stop -m immediate}: the replica's connections drop mid-statement, as when its host dies. */
    public void killReplica() {
        run("pg_ctl", "-D", replicaDir(), "-m", "immediate", "-w", "stop");
    }

    public void pauseReplay() {
        replicaSql("SELECT pg_wal_replay_pause()");
    }

    public void resumeReplay() {
        replicaSql("SELECT pg_wal_replay_resume()");
    }

    /** Runs a statement on the primary, as psql would (outside Brisk). */
    public void primarySql(String sql) {
        try (Connection c = DriverManager.getConnection(primaryUrl(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first column of the first row of a query on the replica. */
    public String replicaQuery(String sql) {
        try (Connection c = DriverManager.getConnection(replicaUrl(), "postgres", "");
                Statement s = c.createStatement();
                var rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void replicaSql(String sql) {
        try (Connection c = DriverManager.getConnection(replicaUrl(), "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the replica has replayed everything the primary has written so far. */
    public void awaitCaughtUp() {
        String target;
        try (Connection c = DriverManager.getConnection(primaryUrl(), "postgres", "");
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            target = rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        String caughtUp = "SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn";
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .pollInSameThread()
                    .until(() -> "t".equals(replicaQuery(caughtUp)));
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the replica did not catch up with " + target);
        }
    }

    @Override
    public void close() {
        for (String data : List.of(replicaDir(), primaryDir())) {
            if (Files.exists(Path.of(data, "postmaster.pid"))) {
                runQuietly("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop");
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException ignored) {
            // a temporary folder; the OS cleans it eventually
        }
    }

    private String primaryDir() {
        return dir.resolve("primary").toString();
    }

    private String replicaDir() {
        return dir.resolve("replica").toString();
    }

    private static String url(int port, String db) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + db;
    }

    private void run(String tool, String... args) {
        int exit = runQuietly(tool, args);
        if (exit != 0) {
            throw new IllegalStateException(
                    tool + " " + String.join(" ", args) + " exited with " + exit + ": see " + dir);
        }
    }

    private int runQuietly(String tool, String... args) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(Arrays.asList(args));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("tools.log").toFile()))
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void chownToPostgres(Path path) {
        if (!isRoot()) {
            return;
        }
        try {
            Process p = new ProcessBuilder("chown", "postgres", path.toString()).start();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
