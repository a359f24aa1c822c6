package dev.brisk.bench.compare;

import dev.brisk.datagen.LocalRedis;
import java.io.IOException;

/** Kills and restarts the Redis child and watches the server's cache health component react. */
final class RedisWatch {
    private final BriskServer server;
    private volatile Double degraded;
    private volatile Double up;
    private volatile String note;

    RedisWatch(BriskServer server) {
        this.server = server;
    }

    void kill(LocalRedis redis, double watchSeconds) throws InterruptedException {
        long t = System.nanoTime();
        redis.kill();
        degraded = waitFor("DEGRADED", t, watchSeconds);
        if (degraded == null) {
            note = "the cache health component did not report DEGRADED within " + watchSeconds + " s of the kill";
        }
    }

    void start(LocalRedis redis) throws IOException {
        redis.start();
        long t = System.nanoTime();
        up = waitFor("UP", t, 30);
        if (up == null) {
            note = (note == null ? "" : note + "; ")
                    + "the cache health component was not UP within 30 s of Redis answering";
        }
    }

    private Double waitFor(String status, long since, double seconds) {
        long deadline = since + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (status.equals(server.componentStatus("cache"))) {
                return Machine.round2((System.nanoTime() - since) / 1e9);
            }
            Waits.sleep(50);
        }
        return null;
    }

    CompareResult.RedisOutage result() {
        if (degraded == null && up == null && note == null) {
            return null;
        }
        return new CompareResult.RedisOutage(degraded, up, note);
    }
}
