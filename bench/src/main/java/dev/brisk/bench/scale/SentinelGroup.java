package dev.brisk.bench.scale;

import dev.brisk.bench.compare.Children;
import dev.brisk.datagen.LocalRedis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A Redis master, one replica and three Sentinels ({@code redis-server --sentinel}, quorum 2,
 * {@code down-after-milliseconds} 1000) on free ports, without persistence, as children of the run.
 * {@link #killMaster()} SIGKILLs whichever data node is master now; {@link #restartKilled()} starts it
 * again on its port as a replica of the new master (the Sentinels would reconfigure it anyway).
 */
final class SentinelGroup implements AutoCloseable {

    static final String MASTER_NAME = "brisk";

    private final String executable;
    private final Path dir;
    private final Children children;
    private final Map<Integer, LocalRedis> data = new LinkedHashMap<>();
    private final List<Integer> sentinels = new ArrayList<>();
    private int killed = -1;

    private SentinelGroup(String executable, Path dir, Children children) {
        this.executable = executable;
        this.dir = dir;
        this.children = children;
    }

    static SentinelGroup start(String executable, Path dir, Children children) throws IOException {
        // sentinels: their own command line (a config file first, which Sentinel rewrites), not LocalRedis
        Files.createDirectories(dir);
        SentinelGroup g = new SentinelGroup(executable, dir, children);
        int master = Children.freePort();
        g.startData(master);
        int replica = Children.freePort();
        g.startData(replica, "--replicaof", "127.0.0.1", Integer.toString(master));
        for (int i = 0; i < 3; i++) {
            int port = Children.freePort();
            Path conf = dir.resolve("sentinel-" + port + ".conf");
            Files.writeString(conf, """
                    port %d
                    bind 127.0.0.1
                    sentinel monitor %s 127.0.0.1 %d 2
                    sentinel down-after-milliseconds %s 1000
                    sentinel failover-timeout %s 5000
                    sentinel parallel-syncs %s 1
                    """.formatted(port, MASTER_NAME, master, MASTER_NAME, MASTER_NAME, MASTER_NAME));
            g.spawn(port, List.of(executable, conf.toString(), "--sentinel"));
            g.sentinels.add(port);
        }
        g.await(() -> g.cli(replica, "INFO", "replication").contains("master_link_status:up"), "replica in sync");
        g.await(
                () -> g.sentinels.stream()
                        .allMatch(s ->
                                g.cli(s, "SENTINEL", "replicas", MASTER_NAME).contains(Integer.toString(replica))),
                "sentinels know the replica");
        return g;
    }

    /** For REDIS_SENTINEL_NODES. */
    String sentinelNodes() {
        return sentinels.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The data node the Sentinels name as master, or -1. */
    int sentinelMaster() {
        for (int s : sentinels) {
            String[] reply = cli(s, "SENTINEL", "get-master-addr-by-name", MASTER_NAME)
                    .trim()
                    .split("\\s+");
            if (reply.length == 2) {
                try {
                    return Integer.parseInt(reply[1]);
                } catch (NumberFormatException ignored) {
                    // no answer from this one
                }
            }
        }
        return -1;
    }

    /** SIGKILL of the current master; returns its port. */
    int killMaster() throws InterruptedException {
        int port = sentinelMaster();
        LocalRedis master = data.remove(port);
        if (master == null) {
            throw new IllegalStateException("no live master (sentinels say " + port + ")");
        }
        master.kill();
        killed = port;
        return port;
    }

    /** True once the Sentinels name a master other than the killed one and it answers as master. */
    boolean failedOver() {
        int m = sentinelMaster();
        return m > 0 && m != killed && cli(m, "ROLE").startsWith("master");
    }

    /** Starts the killed node again as a replica of the current master. */
    void restartKilled() throws IOException {
        if (killed < 0) {
            return;
        }
        int port = killed;
        killed = -1;
        startData(port, "--replicaof", "127.0.0.1", Integer.toString(sentinelMaster()));
    }

    /** A data node: datagen's LocalRedis (one redis-server command line for every module), files in the group's dir. */
    private void startData(int port, String... extra) {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString()));
        args.addAll(List.of(extra));
        data.put(port, new LocalRedis(executable, port, dir.resolve("redis-" + port + ".log"), args, children).start());
    }

    private void spawn(int port, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("redis-" + port + ".log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        children.register(p);
    }

    String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Pause.ms(100);
        }
        throw new IllegalStateException("timed out waiting for " + what + " (see " + dir + ")");
    }

    @Override
    public void close() {
        // sentinels are in children too; stop them with the data nodes
        data.values().forEach(LocalRedis::stop);
        data.clear();
    }
}
