package dev.brisk.support;

import dev.brisk.datagen.LocalRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Real highly available Redis on free ports of this machine, started by a test and stopped by {@link #close()}:
 * a Redis Cluster of three masters with a replica each ({@code redis-server --cluster-enabled yes} +
 * {@code redis-cli --cluster create}), or a master, a replica and three Sentinels. Failover timeouts are
 * short (1 s) so a killed master is replaced within seconds.
 */
public final class RedisGroup implements AutoCloseable {

    public static final String SENTINEL_MASTER = "brisk";

    private final Path dir;
    private final Map<Integer, LocalRedis> servers = new LinkedHashMap<>();
    private final Map<Integer, Process> sentinels = new LinkedHashMap<>();

    private RedisGroup(Path dir) {
        this.dir = dir;
    }

    public static RedisGroup cluster() {
        RedisGroup group = new RedisGroup(folder("cluster"));
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int port = clusterPort();
            ports.add(port);
            group.start(
                    port,
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes-" + port + ".conf",
                    "--cluster-node-timeout",
                    "1000",
                    // a replica may take over however long its link was quiet: a starved CI machine must not veto the
                    // failover
                    "--cluster-replica-validity-factor",
                    "0");
        }
        List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> create.add("127.0.0.1:" + p));
        create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
        group.exec(create);
        group.await(
                () -> ports.stream()
                        .allMatch(p -> group.cli(p, "CLUSTER", "INFO").contains("cluster_state:ok")),
                "cluster state ok on every node");
        group.await(
                () -> ports.stream()
                                .map(p -> group.cli(p, "ROLE"))
                                .filter(role -> role.startsWith("slave") && role.contains("connected"))
                                .count()
                        == 3,
                "three replicas in sync");
        return group;
    }

    public static RedisGroup sentinel() {
        RedisGroup group = new RedisGroup(folder("sentinel"));
        int master = Ports.free();
        group.start(master);
        int replica = Ports.free();
        group.start(replica, "--replicaof", "127.0.0.1", Integer.toString(master));
        for (int i = 0; i < 3; i++) {
            int port = Ports.free();
            Path conf = group.dir.resolve("sentinel-" + port + ".conf");
            write(conf, """
                    port %d
                    bind 127.0.0.1
                    sentinel monitor %s 127.0.0.1 %d 2
                    sentinel down-after-milliseconds %s 1000
                    sentinel failover-timeout %s 5000
                    sentinel parallel-syncs %s 1
                    """.formatted(
                            port, SENTINEL_MASTER, master, SENTINEL_MASTER, SENTINEL_MASTER, SENTINEL_MASTER));
            group.startSentinel(port, conf);
        }
        group.await(
                () -> group.cli(replica, "INFO", "replication").contains("master_link_status:up"), "replica in sync");
        group.await(
                () -> group.sentinels.keySet().stream()
                        .allMatch(s -> group.cli(s, "SENTINEL", "replicas", SENTINEL_MASTER)
                                .contains(Integer.toString(replica))),
                "sentinels know the replica");
        return group;
    }

    /** Seed or sentinel addresses, comma-separated, for REDIS_CLUSTER_NODES / REDIS_SENTINEL_NODES. */
    public String nodes() {
        List<Integer> ports = new ArrayList<>(sentinels.isEmpty() ? servers.keySet() : sentinels.keySet());
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** Ports of the data nodes that are masters right now (alive ones only). */
    public List<Integer> masters() {
        return servers.entrySet().stream()
                .filter(e -> e.getValue().alive())
                .map(Map.Entry::getKey)
                .filter(p -> cli(p, "ROLE").startsWith("master"))
                .toList();
    }

    /** SIGKILL a data node, as when its host dies. */
    public void kill(int port) {
        servers.get(port).kill();
    }

    /** Waits until a replica has taken over from {@code killed}. */
    public void awaitFailover(int killed) {
        await(
                () -> {
                    List<Integer> masters = masters();
                    if (!sentinels.isEmpty()) {
                        return !masters.isEmpty()
                                && !masters.contains(killed)
                                && cli(
                                                sentinels.keySet().iterator().next(),
                                                "SENTINEL",
                                                "get-master-addr-by-name",
                                                SENTINEL_MASTER)
                                        .contains(Integer.toString(masters.get(0)));
                    }
                    return masters.size() == 3
                            && cli(masters.get(0), "CLUSTER", "INFO").contains("cluster_state:ok");
                },
                () -> "failover of " + killed
                        + (sentinels.isEmpty() ? ", cluster nodes seen by a survivor:\n" + survivorView() : ""));
    }

    /** redis-cli against one node; the reply as text, empty when the node does not answer. */
    public String cli(int port, String... args) {
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

    /** A data node: datagen's LocalRedis (the one redis-server command line), its files in the group's folder. */
    private void start(int port, String... extra) {
        List<String> args = new ArrayList<>(List.of("--dir", dir.toString()));
        args.addAll(List.of(extra));
        servers.put(
                port,
                new LocalRedis(
                                LocalRedis.DEFAULT_EXECUTABLE,
                                port,
                                dir.resolve("redis-" + port + ".log"),
                                args,
                                LocalRedis.Watcher.NONE)
                        .start());
    }

    /** A Sentinel: a config file first (Sentinel rewrites it), so not LocalRedis's command line. */
    private void startSentinel(int port, Path conf) {
        try {
            Process p = new ProcessBuilder("redis-server", conf.toString(), "--sentinel")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("sentinel-" + port + ".log").toFile()))
                    .start();
            sentinels.put(port, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void exec(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("setup.log").toFile()))
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: see " + dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String survivorView() {
        return servers.entrySet().stream()
                .filter(e -> e.getValue().alive())
                .findFirst()
                .map(e -> cli(e.getKey(), "CLUSTER", "NODES"))
                .orElse("(none alive)");
    }

    private void await(java.util.function.BooleanSupplier condition, String what) {
        await(condition, () -> what);
    }

    private void await(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> what) {
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100))
                    .pollInSameThread()
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("timed out waiting for " + what.get() + "\nsee " + dir);
        }
    }

    @Override
    public void close() {
        servers.values().forEach(LocalRedis::kill);
        sentinels.values().forEach(Process::destroyForcibly);
    }

    private static Path folder(String kind) {
        try {
            return Files.createDirectories(Path.of("target", "redis-" + kind + "-" + System.nanoTime()))
                    .toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A free port whose cluster bus port (+10000) is free too. */
    private static int clusterPort() {
        for (int i = 0; i < 200; i++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 30000);
            if (free(port) && free(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port pair for a cluster node");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
