package dev.brisk.cache.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache's one background thread ({@code brisk-cache-redis}): Redis reconnects and probes,
 * messages from other nodes and event listeners run on it, in order. Exists only with Redis.
 */
public final class CacheThread implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheThread.class);

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "brisk-cache-redis");
        thread.setDaemon(true);
        return thread;
    });

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    void run(Runnable task) {
        run(task, Duration.ZERO);
    }

    /** Runs {@code task} after {@code delay}; a failure is logged, a task offered while shutting down dropped. */
    void run(Runnable task, Duration delay) {
        try {
            scheduler.schedule(
                    () -> {
                        try {
                            task.run();
                        } catch (RuntimeException e) {
                            log.warn("Cache background task failed", e);
                        }
                    },
                    delay.toNanos(),
                    TimeUnit.NANOSECONDS);
        } catch (RuntimeException rejected) {
            // shutting down
        }
    }

    /** Runs {@code task} every second. */
    void everySecond(Runnable task) {
        scheduler.scheduleWithFixedDelay(task, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
