package dev.brisk.bench;

import dev.brisk.bench.run.ShellHook;
import dev.brisk.stalecheck.CheckConfig;
import dev.brisk.stalecheck.StaleReadChecker;
import dev.brisk.stalecheck.StaleReadReport;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The stale-read checker ({@link StaleReadChecker}, module stale-check) against running nodes:
 * base URLs, their database, and optionally the port of a Redis of one's own to kill and start.
 * Exit 1 when a writer read its own write stale.
 */
@Command(
        name = "stale-read",
        mixinStandardHelpOptions = true,
        description = "Writes through the nodes and SQL, reads through every node; reports own stale reads, "
                + "other users' staleness and write-to-visible, under LISTEN kills and Redis restarts.")
public final class StaleReadCommand implements Callable<Integer> {

    @Option(
            names = "--node",
            split = ",",
            required = true,
            description = "Brisk base URLs, e.g. http://localhost:8081,http://localhost:8082")
    List<URI> nodes;

    @Option(names = "--jdbc-url", required = true, description = "the database the nodes share")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "postgres", description = "default ${DEFAULT-VALUE}")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "", description = "default: none")
    String dbPassword;

    @Option(names = "--duration", defaultValue = "60s", description = "default ${DEFAULT-VALUE}")
    String duration;

    @Option(
            names = "--fault-every",
            defaultValue = "8s",
            description = "time between faults; 0 = none (default ${DEFAULT-VALUE})")
    String faultEvery;

    @Option(
            names = "--redis-down",
            defaultValue = "2s",
            description = "how long Redis stays dead (default ${DEFAULT-VALUE})")
    String redisDown;

    @Option(
            names = "--redis-port",
            description =
                    "a throwaway Redis on this port: killed with redis-cli shutdown nosave, "
                            + "started again as redis-server --port P --save '' --daemonize yes (without it: LISTEN kills only)")
    Integer redisPort;

    @Option(names = "--redis-kill", description = "shell command that kills the nodes' Redis (instead of --redis-port)")
    String redisKill;

    @Option(names = "--redis-start", description = "shell command that starts it again")
    String redisStart;

    @Option(names = "--report", description = "also write the Markdown table here")
    Path report;

    @Override
    public Integer call() throws SQLException, InterruptedException, IOException {
        String kill = redisKill != null
                ? redisKill
                : redisPort == null ? null : "redis-cli -p " + redisPort + " shutdown nosave || true";
        String start = redisStart != null
                ? redisStart
                : redisPort == null
                        ? null
                        : "redis-server --port " + redisPort + " --save '' --appendonly no --daemonize yes";
        if ((kill == null) != (start == null)) {
            throw new IllegalArgumentException("--redis-kill and --redis-start go together");
        }
        CheckConfig.RedisFaults redis = kill == null
                ? null
                : new CheckConfig.RedisFaults() {
                    @Override
                    public void kill() throws Exception {
                        new ShellHook(kill).run();
                    }

                    @Override
                    public void start() throws Exception {
                        new ShellHook(start).run();
                    }
                };
        CheckConfig config = CheckConfig.of(nodes, jdbcUrl, dbUser, dbPassword, redis)
                .withDuration(RunCommand.parseDuration(duration))
                .withFaults(RunCommand.parseDuration(faultEvery), RunCommand.parseDuration(redisDown))
                .withLog(System.err);
        System.err.printf(
                "stale-read: %d node(s), %s, faults every %s%s%n",
                nodes.size(), config.duration(), config.faultEvery(), redis == null ? " (LISTEN kills only)" : "");
        StaleReadReport result = new StaleReadChecker(config).run();
        String md = result.markdown();
        System.out.print(md);
        if (report != null) {
            Files.writeString(report, md);
        }
        return result.ownReadsFresh() ? 0 : 1;
    }
}
