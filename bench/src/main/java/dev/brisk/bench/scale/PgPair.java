package dev.brisk.bench.scale;

import dev.brisk.bench.compare.Children;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The scale run's own PostgreSQL: a throwaway primary (initdb, {@code wal_level = replica}) and, once the
 * data is loaded, a streaming replica of it ({@code pg_basebackup -R}), each on a free port under the work
 * folder, made with Debian's tools from /usr/lib/postgresql/N/bin. As root the servers run as
 * {@code postgres}. Never the shared server on 5432.
 */
final class PgPair implements AutoCloseable {

    static final String DATABASE = "brisk";

    private final Path bin;
    private final Path dir;
    private final int primaryPort = Children.freePort();
    private final int replicaPort = Children.freePort();
    private boolean replicaMade;
    private final Thread shutdownHook = new Thread(this::stopServers, "scale-pg-shutdown");

    private PgPair(Path bin, Path dir) {
        this.bin = bin;
        this.dir = dir;
    }

    /** The newest installed server tools, or null. */
    static Path tools() {
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

    /** initdb + start of the primary, with database {@value #DATABASE}. */
    static PgPair startPrimary(Path dir, int maxConnections) throws IOException {
        Path bin = tools();
        if (bin == null) {
            throw new IllegalStateException(
                    "PostgreSQL server tools (initdb, pg_ctl, pg_basebackup under /usr/lib/postgresql/*/bin) are not installed");
        }
        if (Files.exists(dir)) {
            delete(dir);
        }
        Files.createDirectories(dir);
        PgPair pair = new PgPair(bin, dir);
        Runtime.getRuntime().addShutdownHook(pair.shutdownHook); // Ctrl-C must not leave the servers running
        pair.chown();
        pair.run("initdb", "-D", pair.primaryDir(), "-U", "postgres", "-A", "trust", "--no-sync");
        append(Path.of(pair.primaryDir(), "postgresql.conf"), """
                listen_addresses = '127.0.0.1'
                port = %d
                unix_socket_directories = '%s'
                wal_level = replica
                max_wal_senders = 5
                fsync = off
                full_page_writes = off
                shared_buffers = 128MB
                max_connections = %d
                """.formatted(pair.primaryPort, dir, maxConnections));
        pair.run(
                "pg_ctl",
                "-D",
                pair.primaryDir(),
                "-l",
                dir.resolve("primary.log").toString(),
                "-w",
                "start");
        pair.run(
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(pair.primaryPort),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-c",
                "CREATE DATABASE " + DATABASE);
        return pair;
    }

    /** Copies the primary as it is now into a streaming replica and starts it (hot standby). */
    void makeReplica() {
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
                "stream",
                "-c",
                "fast");
        append(
                Path.of(replicaDir(), "postgresql.conf"),
                "port = %d\nhot_standby_feedback = on\n".formatted(replicaPort));
        replicaMade = true;
        startReplica();
    }

    String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/" + DATABASE;
    }

    String replicaUrl() {
        return "jdbc:postgresql://127.0.0.1:" + replicaPort + "/" + DATABASE;
    }

    void startReplica() {
        run("pg_ctl", "-D", replicaDir(), "-l", dir.resolve("replica.log").toString(), "-w", "start");
    }

    /** {@code pg_ctl stop -m immediate}: its connections drop mid-statement, as when its host dies. */
    void killReplica() {
        run("pg_ctl", "-D", replicaDir(), "-m", "immediate", "-w", "stop");
    }

    long primaryPid() {
        return postmasterPid(primaryDir());
    }

    long replicaPid() {
        return replicaMade ? postmasterPid(replicaDir()) : -1;
    }

    private static long postmasterPid(String data) {
        try {
            return Long.parseLong(
                    Files.readAllLines(Path.of(data, "postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        stopServers();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
        delete(dir);
    }

    private void stopServers() {
        for (String data : List.of(replicaDir(), primaryDir())) {
            if (Files.exists(Path.of(data, "postmaster.pid"))) {
                runQuietly("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop");
            }
        }
    }

    private String primaryDir() {
        return dir.resolve("primary").toString();
    }

    private String replicaDir() {
        return dir.resolve("replica").toString();
    }

    private void run(String tool, String... args) {
        int exit = runQuietly(tool, args);
        if (exit != 0) {
            throw new IllegalStateException(
                    tool + " " + String.join(" ", args) + " exited with " + exit + ": see " + dir.resolve("tools.log"));
        }
    }

    private int runQuietly(String tool, String... args) {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(tool.equals("psql") ? "psql" : bin.resolve(tool).toString());
        command.addAll(Arrays.asList(args));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("tools.log").toFile()))
                    .start();
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
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

    private void chown() {
        if (!isRoot()) {
            return;
        }
        try {
            new ProcessBuilder("chown", "postgres", dir.toString()).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(java.io.File::delete);
        } catch (IOException ignored) {
            // left for the next run, which deletes it first
        }
    }
}
