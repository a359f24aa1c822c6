package dev.brisk.platform;

import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Whether PostgreSQL is reachable, from failed requests and from a probe on its own thread (one pool
 * connection, {@code isValid}, every probe interval). An outage is logged twice, when it starts and
 * when it ends (with how many requests were answered 503), never once per request.
 */
@Component
public class DatabaseOutage implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DatabaseOutage.class);

    private final DataSource dataSource;
    private final DatabaseFaultProperties properties;
    private final DatabaseChangeListener listener;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong outages = new AtomicLong();
    private volatile long downSince; // System.nanoTime() of the outage's start, 0 while reachable
    private volatile ScheduledExecutorService probe;

    DatabaseOutage(DataSource dataSource, DatabaseFaultProperties properties, DatabaseChangeListener listener) {
        this.dataSource = dataSource;
        this.properties = properties;
        this.listener = listener;
    }

    /** A request could not use the database; the first failure of an outage is logged. */
    public void failed(DatabaseFailure kind, Throwable failure) {
        refused.incrementAndGet();
        markDown(kind + ": " + summary(failure));
    }

    /** Reachable as far as this node knows (false from a failure until the probe succeeds). */
    public boolean reachable() {
        return downSince == 0;
    }

    /**
     * True while the database is reachable but the LISTEN connection is not listening: changes may
     * commit unheard, so cached answers must not be trusted. While the database is unreachable nobody
     * can change it, so cached answers stay right (and keep being served).
     */
    public boolean changesMayGoUnheard() {
        return !listener.connected() && reachable();
    }

    public long outages() {
        return outages.get();
    }

    public Duration retryAfter() {
        return properties.retryAfter();
    }

    private synchronized void markDown(String why) {
        if (downSince == 0) {
            downSince = System.nanoTime();
            outages.incrementAndGet();
            log.warn("PostgreSQL unreachable ({}); requests that need it are answered 503 until it is back", why);
        }
    }

    private synchronized void markUp() {
        if (downSince != 0) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - downSince);
            downSince = 0;
            log.warn(
                    "PostgreSQL reachable again after {} ms; {} requests were answered 503",
                    millis,
                    refused.getAndSet(0));
        }
    }

    void probeOnce() {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(Math.max(1, (int) properties.probeInterval().toSeconds()))) {
                markUp();
            } else {
                markDown("probe: connection not valid");
            }
        } catch (Exception e) {
            markDown("probe: " + summary(e));
        }
    }

    private static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName()
                + (root.getMessage() == null
                        ? ""
                        : " " + root.getMessage().lines().findFirst().orElse(""));
    }

    @Override
    public void start() {
        probe = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("brisk-db-probe").daemon().factory());
        long every = properties.probeInterval().toMillis();
        probe.scheduleWithFixedDelay(this::probeOnce, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService p = probe;
        if (p != null) {
            p.shutdownNow();
        }
        probe = null;
    }

    @Override
    public boolean isRunning() {
        return probe != null;
    }
}
