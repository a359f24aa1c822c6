package dev.brisk.jmh;

import dev.brisk.datagen.LocalRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private {@code redis-server} on a free port for one benchmark trial: the harness's {@link LocalRedis},
 * started in {@code @Setup}, closed in {@code @TearDown}, and killed by a shutdown hook if the fork dies first,
 * so it disturbs no other Redis on the machine.
 */
public final class BenchRedis {

    private static final String BINARY = System.getProperty("brisk.jmh.redis", LocalRedis.DEFAULT_EXECUTABLE);

    private static final LocalRedis.Watcher KILLED_AT_EXIT = new LocalRedis.Watcher() {
        @Override
        public void started(Process process) {
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kill-redis-" + process.pid()));
        }

        @Override
        public void ended(Process process) {}
    };

    private BenchRedis() {}

    public static LocalRedis start() {
        int port = LocalRedis.freePort();
        Path log = Path.of(System.getProperty("java.io.tmpdir"), "brisk-jmh-redis-" + port + ".log");
        return new LocalRedis(BINARY, port, log, List.of("--loglevel", "warning"), KILLED_AT_EXIT).start();
    }

    /** Number of keys in database 0, -1 without an answer. */
    public static long dbSize(LocalRedis redis) {
        String reply = redis.command("DBSIZE");
        return reply != null && reply.startsWith(":") ? Long.parseLong(reply.substring(1)) : -1;
    }

    /**
     * Waits until Redis holds at least {@code keys} keys (asynchronous writes have landed) or the
     * timeout passes, and says how many it holds. Callers report a shortfall rather than fail: on an
     * overloaded machine an asynchronous SET can time out, and the benchmark's per-tier counters
     * then show the few reads that had to load.
     */
    public static long awaitKeys(LocalRedis redis, long keys, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long now;
        while ((now = dbSize(redis)) < keys && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (now < keys) {
            System.out.printf(
                    "[brisk-stats] setup: Redis holds %d keys, %d expected (asynchronous writes lost)%n", now, keys);
        }
        return now;
    }
}
