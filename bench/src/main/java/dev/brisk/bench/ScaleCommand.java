package dev.brisk.bench;

import dev.brisk.bench.scale.ScaleConfig;
import dev.brisk.bench.scale.ScaleResult;
import dev.brisk.bench.scale.ScaleRun;
import dev.brisk.datagen.Size;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "scale",
        mixinStandardHelpOptions = true,
        description = {
            "Scale-out run: nginx (upstream, round robin) in front of 1 and then 2 Brisk nodes from the exec jar, "
                    + "with and without a streaming replica, on one data set in a PostgreSQL of its own (primary + "
                    + "pg_basebackup -R replica) with a Redis Sentinel group of its own. Per topology: the mixed load, "
                    + "then the mixed load with each fault at 1/3 and its repair at 2/3 (node: SIGKILL of node 2; "
                    + "redis: SIGKILL of the Sentinel master; replica: pg_ctl stop -m immediate).",
            "Reports failed requests, read-back mismatches (a writer renaming and reading back through nginx), "
                    + "recovery times and CPU per request per node (/proc) to <out>/scale.md and scale.json."
        })
final class ScaleCommand implements Callable<Integer> {

    /** Smaller than compare's: a topology runs up to two nodes, a replica and nginx on the same machine. */
    static final List<String> JVM_ARGS = List.of("-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError");

    @Option(names = "--size", defaultValue = "S", description = "data set: TINY, S, M (default ${DEFAULT-VALUE})")
    String size;

    @Option(names = "--seed", defaultValue = "42", description = "default ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--topologies",
            defaultValue = "1,2,1r,2r",
            split = ",",
            description = "1, 2 (nodes), 1r, 2r (with the replica), in this order (default ${DEFAULT-VALUE})")
    List<String> topologies;

    @Option(
            names = "--faults",
            defaultValue = "node,redis,replica",
            split = ",",
            description = "node, redis, replica, where they apply, or fault@topology (node@2r) for one topology only; "
                    + "'none' for none (default ${DEFAULT-VALUE})")
    List<String> faults;

    @Option(names = "--users", defaultValue = "8", description = "default ${DEFAULT-VALUE}")
    int users;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            description = "measured time per scenario (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--warmup", defaultValue = "5s", description = "default ${DEFAULT-VALUE}")
    String warmup;

    @Mixin
    NodeOptions nodes = new NodeOptions(JVM_ARGS);

    @Option(
            names = "--nginx",
            defaultValue = "/usr/sbin/nginx",
            description = "default ${DEFAULT-VALUE} (Debian's nginx-light)")
    String nginx;

    @Option(
            names = "--work-dir",
            defaultValue = "target/scale-work",
            description = "PostgreSQL, Redis, nginx folders and node logs; emptied first (default ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--out", defaultValue = "target/scale-results", description = "default ${DEFAULT-VALUE}")
    Path out;

    @Option(names = "--start-timeout", defaultValue = "10m", description = "per node start (default ${DEFAULT-VALUE})")
    String startTimeout;

    @Override
    public Integer call() throws Exception {
        if (!Files.isExecutable(Path.of(nginx))) {
            throw new IllegalStateException(
                    "no nginx at " + nginx + ": apt-get install -y nginx-light, or pass --nginx");
        }
        ScaleConfig config = new ScaleConfig(
                Size.of(size),
                seed,
                topologies.stream().map(ScaleConfig.Topology::of).toList(),
                faults.contains("none") ? List.of() : faults,
                users,
                RunCommand.parseDuration(duration),
                RunCommand.parseDuration(warmup),
                nodes.serverJar(),
                nodes.java(),
                nodes.jvmArgs(),
                nginx,
                nodes.redisServer,
                workDir.toAbsolutePath(),
                out,
                RunCommand.parseDuration(startTimeout));
        ScaleResult result = new ScaleRun(config, System.err).run();
        result.writeJson(out.resolve("scale.json"));
        String md = result.markdown();
        Files.writeString(out.resolve("scale.md"), md);
        System.out.println(md);
        System.out.println("report: " + out.resolve("scale.md").toAbsolutePath());
        return 0;
    }
}
