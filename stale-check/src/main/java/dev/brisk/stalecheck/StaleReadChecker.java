package dev.brisk.stalecheck;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The stale-read checker. Against Brisk nodes sharing one database (and one Redis), for the
 * configured time:
 *
 * <ul>
 *   <li>two API writers, each writing its own customers through the nodes in turn, and reading each
 *       write back at once through the <em>next</em> node with the change number the write
 *       answered, sent back as the cookie a browser would send: a read older than the write is a
 *       stale own read (target 0);</li>
 *   <li>for each API write, another user polls the next node from the acknowledgement on until it
 *       sees the value: write-to-visible;</li>
 *   <li>a plain-SQL writer (another application, psql) every 20 ms;</li>
 *   <li>readers who never write, reading random customers through random nodes: their staleness;</li>
 *   <li>faults in turn: every node's LISTEN connection killed with pg_terminate_backend, and (with
 *       {@link CheckConfig#redis()}) Redis killed and started again.</li>
 * </ul>
 *
 * It creates an organization of its own for the run (see {@link Probe}) and leaves it behind.
 */
public final class StaleReadChecker {

    private static final long POLL_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long FAULT_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final CheckConfig config;
    private final Ledger ledger = new Ledger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicLong sqlWrites = new AtomicLong();
    private volatile @Nullable SQLException sqlFailure;
    private final AtomicLong listenerKills = new AtomicLong();
    private final AtomicLong redisRestarts = new AtomicLong();
    private final AtomicInteger pollers = new AtomicInteger();

    public StaleReadChecker(CheckConfig config) {
        this.config = config;
    }

    /**
     * Ends a running check before its duration is up (a caller that injects its own fault stops it once the
     * fault is repaired and the load has gone on a while); {@link #run()} then returns its figures.
     */
    public void stop() {
        stopped.countDown();
    }

    /** Writes acknowledged so far (API and plain SQL): how far a running check has got. */
    public long acknowledgedWrites() {
        return ledger.acknowledgedWrites();
    }

    /**
     * Runs the check (blocking for {@link CheckConfig#duration()}, or until {@link #stop()}, and a little
     * more) and returns its figures.
     */
    public StaleReadReport run() throws SQLException, InterruptedException {
        Probe probe = Probe.create(config);
        List<URI> nodes = config.nodes();
        try (Http http = new Http()) {
            URI first = nodes.getFirst();
            List<String> writers = probe.writerEmails().stream()
                    .map(e -> http.login(first, e, Probe.PASSWORD))
                    .toList();
            List<String> readers = probe.readerEmails().stream()
                    .map(e -> http.login(first, e, Probe.PASSWORD))
                    .toList();
            String prober = http.login(first, probe.proberEmail(), Probe.PASSWORD);
            for (long[] set : probe.customers()) {
                for (long id : set) {
                    ledger.customer(id);
                }
            }
            long[] all = java.util.Arrays.stream(probe.customers())
                    .flatMapToLong(java.util.Arrays::stream)
                    .toArray();

            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers.size(); w++) {
                String token = writers.get(w);
                long[] owned = probe.customers()[w];
                int seed = w;
                threads.add(Thread.ofVirtual()
                        .name("writer-" + w)
                        .start(() -> apiWriter(http, token, prober, owned, seed)));
            }
            threads.add(Thread.ofPlatform().name("writer-sql").daemon().start(() -> sqlWriter(probe.customers()[2])));
            for (int r = 0; r < readers.size(); r++) {
                String token = readers.get(r);
                int seed = 100 + r;
                threads.add(Thread.ofVirtual().name("reader-" + r).start(() -> reader(http, token, all, seed)));
            }
            if (!config.faultEvery().isZero()) {
                threads.add(Thread.ofPlatform().name("faults").daemon().start(this::faults));
            }
            long start = System.nanoTime();
            try {
                stopped.await(config.duration().toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                running.set(false);
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(40));
            }
            long polling = System.nanoTime();
            while (pollers.get() > 0 && System.nanoTime() - polling < POLL_LIMIT_NANOS) {
                Thread.sleep(10); // the last writes' pollers
            }
            SQLException failure = sqlFailure;
            if (sqlWrites.get() == 0 && failure != null) {
                // a checker whose plain-SQL writer never committed would report a clean run that checked less
                throw new IllegalStateException(
                        "the plain-SQL writer never committed: " + failure.getMessage(), failure);
            }
            return ledger.report(
                    (System.nanoTime() - start) / 1e9, listenerKills.get(), redisRestarts.get(), FAULT_WINDOW_NANOS);
        }
    }

    private void apiWriter(Http http, String token, String prober, long[] customers, int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        long[] versions = new long[customers.length];
        List<URI> nodes = config.nodes();
        int turn = seed;
        while (running.get()) {
            int c = rng.nextInt(customers.length);
            long id = customers[c];
            long value = versions[c] + 1;
            URI writeNode = nodes.get(turn % nodes.size());
            URI next = nodes.get((turn + 1) % nodes.size());
            turn++;
            Http.Answer written = http.patchName(writeNode, id, token, value);
            long acked = System.nanoTime();
            if (written.status() != 200) {
                ledger.failed("PATCH " + writeNode + " customer " + id, written.status(), written.body());
                pause(50); // a node restarting, a fault: try another write
                continue;
            }
            versions[c] = value;
            ledger.acknowledged(id, value, acked);
            pollers.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                try {
                    poll(http, prober, next, id, value, acked);
                } finally {
                    pollers.decrementAndGet();
                }
            });
            Http.Answer own =
                    http.get(next, "/api/customers/" + id, token, written.change() == null ? "0" : written.change());
            checked(own, "GET (own read) " + next);
            ledger.ownRead(id, value, own.value(), next.toString(), own.body());
            pause(10);
        }
    }

    /** Another user polls a node from the acknowledgement on until it returns the value (or a newer one). */
    private void poll(Http http, String token, URI node, long id, long value, long acked) {
        long old = 0;
        while (System.nanoTime() - acked < POLL_LIMIT_NANOS) {
            long sent = System.nanoTime();
            Http.Answer read = checked(http.get(node, "/api/customers/" + id, token, null), "GET (poll) " + node);
            if (read.value() >= value) {
                ledger.visible(sent - acked, old); // by send time: this read's own round trip is no staleness
                return;
            }
            old++;
            pause(2);
        }
        ledger.visible(Long.MAX_VALUE, old);
    }

    private void sqlWriter(long[] customers) {
        SplittableRandom rng = new SplittableRandom(7);
        long[] versions = new long[customers.length];
        while (running.get()) {
            try (Connection c = Probe.connect(config);
                    PreparedStatement update = c.prepareStatement("UPDATE customers SET name = ? WHERE id = ?")) {
                while (running.get()) {
                    int i = rng.nextInt(customers.length);
                    long value = versions[i] + 1;
                    update.setString(1, Long.toString(value));
                    update.setLong(2, customers[i]);
                    update.executeUpdate(); // autocommit: committed when this returns
                    versions[i] = value;
                    ledger.acknowledged(customers[i], value, System.nanoTime());
                    sqlWrites.incrementAndGet();
                    pause(20);
                }
            } catch (SQLException e) {
                sqlFailure = e;
                pause(200); // the database restarting: reconnect
            }
        }
    }

    private void reader(Http http, String token, long[] customers, int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<URI> nodes = config.nodes();
        while (running.get()) {
            long id = customers[rng.nextInt(customers.length)];
            long sent = System.nanoTime();
            URI node = nodes.get(rng.nextInt(nodes.size()));
            long value = checked(http.get(node, "/api/customers/" + id, token, null), "GET " + node)
                    .value();
            if (value >= 0) {
                ledger.otherRead(sent, id, value);
            }
            pause(2);
        }
    }

    /** In turn: kill every LISTEN connection of the database; kill Redis and start it {@code redisDown} later. */
    private void faults() {
        boolean listeners = true;
        while (running.get()) {
            pause(config.faultEvery().toMillis());
            if (!running.get()) {
                break;
            }
            try {
                if (listeners || config.redis() == null) {
                    ledger.fault(System.nanoTime());
                    killListeners();
                    listenerKills.incrementAndGet();
                    log("LISTEN connections killed");
                } else {
                    ledger.fault(System.nanoTime());
                    config.redis().kill();
                    pause(config.redisDown().toMillis());
                    config.redis().start();
                    redisRestarts.incrementAndGet();
                    log("Redis killed and started");
                }
            } catch (Exception e) {
                log("fault failed: " + e);
            }
            listeners = !listeners;
        }
    }

    private void killListeners() throws SQLException {
        try (Connection c = Probe.connect(config);
                Statement s = c.createStatement()) {
            s.execute("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE application_name = 'brisk-change-listener' AND datname = current_database()
                    """);
        }
    }

    private Http.Answer checked(Http.Answer answer, String request) {
        if (answer.status() != 200) {
            ledger.failed(request, answer.status(), answer.body());
        }
        return answer;
    }

    private void log(String line) {
        if (config.log() != null) {
            config.log().println("  stale-read: " + line);
        }
    }

    private static void pause(long millis) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
