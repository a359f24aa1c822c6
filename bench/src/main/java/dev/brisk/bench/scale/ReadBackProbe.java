package dev.brisk.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.bench.run.Api;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Correctness under load, through the load balancer: one writer renames a customer of its own to
 * {@code scale-probe-N} (N counting up) and reads it back three times, 100 ms apart, each request to
 * whichever node nginx picks. A read that returns an older N than a rename acknowledged at least
 * {@link #GRACE} before the read started is a stale read (the caches or a replica served an old value past
 * the window in which another node may not have heard the change yet, the window docs/scale-out.md
 * describes); one that returns an older N than the last acknowledged rename but not stale is "early"
 * (inside that window). Requests that fail are counted, not retried.
 *
 * <p>(The {@code stale} helper's checker, when it lands, can replace this one.)
 */
final class ReadBackProbe implements AutoCloseable {

    static final Duration GRACE = Duration.ofSeconds(1);
    private static final String PREFIX = "scale-probe-";

    /** What one scenario's probe saw. */
    record Result(
            long writes,
            long writeFailures,
            long reads,
            long readFailures,
            long earlyMismatches,
            long staleReads,
            String firstStale) {}

    private final Api api;
    private final String token;
    private final AtomicBoolean running = new AtomicBoolean();
    private long customerId;
    private Thread thread;
    private volatile Result result;
    private long n = System.currentTimeMillis(); // names only count up, across the scenarios of a run

    ReadBackProbe(String baseUrl, String token) {
        this.api = new Api(baseUrl, Duration.ofSeconds(10));
        this.token = token;
    }

    /** Logs in and creates the probe's customer (once per run). */
    static ReadBackProbe create(String baseUrl, String email, String password) {
        Api login = new Api(baseUrl, Duration.ofSeconds(10));
        String token = login.login(email, password, null);
        login.close();
        if (token == null) {
            throw new IllegalStateException("probe: cannot log in as " + email + " through " + baseUrl);
        }
        ReadBackProbe probe = new ReadBackProbe(baseUrl, token);
        Api.Response r = probe.api.send(
                "POST",
                "/api/customers",
                token,
                Map.of(
                        "name",
                        PREFIX + "0",
                        "email",
                        "scale-probe-" + System.currentTimeMillis() + "@bench.example",
                        "status",
                        "LEAD"));
        if (!r.ok() || r.json() == null) {
            throw new IllegalStateException("probe: cannot create its customer: " + r.status() + " " + r.errorKind());
        }
        probe.customerId = r.json().path("id").asLong();
        return probe;
    }

    void start() {
        running.set(true);
        result = null;
        thread = Thread.ofPlatform().name("scale-probe").daemon().start(this::loop);
    }

    /** Stops the loop and returns what it saw. */
    Result stop() throws InterruptedException {
        running.set(false);
        thread.join();
        return result;
    }

    private void loop() {
        long writes = 0;
        long writeFailures = 0;
        long reads = 0;
        long readFailures = 0;
        long early = 0;
        long stale = 0;
        String firstStale = null;
        long acknowledged = -1; // the last N whose rename was acknowledged
        java.util.ArrayDeque<long[]> acks = new java.util.ArrayDeque<>(); // {acknowledged at, N}, oldest first
        while (running.get()) {
            n++;
            // keyed like the load's writes: nginx may resend it when the node it went to dies
            Api.Response w = api.send(
                    "PATCH",
                    "/api/customers/" + customerId,
                    token,
                    Map.of("name", PREFIX + n),
                    java.util.UUID.randomUUID().toString());
            writes++;
            if (w.ok()) {
                acknowledged = n;
                acks.addLast(new long[] {w.endNanos(), n});
            } else {
                writeFailures++;
            }
            for (int i = 0; i < 3 && running.get(); i++) {
                Api.Response r = api.get("/api/customers/" + customerId, token);
                reads++;
                if (!r.ok()) {
                    readFailures++;
                } else if (acknowledged >= 0) {
                    long seen = nameNumber(r.json());
                    long due = r.startNanos() - GRACE.toNanos();
                    while (acks.size() > 1 && acks.stream().skip(1).findFirst().get()[0] <= due) {
                        acks.pollFirst(); // a newer rename is also due: the older one no longer matters
                    }
                    long[] required = acks.peekFirst();
                    if (required != null && required[0] <= due && seen < required[1]) {
                        stale++;
                        if (firstStale == null) {
                            firstStale = "read " + PREFIX + seen + " " + (r.startNanos() - required[0]) / 1_000_000
                                    + " ms after " + PREFIX + required[1] + " was acknowledged";
                        }
                    } else if (seen < acknowledged) {
                        early++;
                    }
                }
                Pause.ms(100);
            }
        }
        result = new Result(writes, writeFailures, reads, readFailures, early, stale, firstStale);
    }

    private static long nameNumber(JsonNode customer) {
        String name = customer == null ? "" : customer.path("name").asText("");
        try {
            return name.startsWith(PREFIX) ? Long.parseLong(name.substring(PREFIX.length())) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        api.close();
    }
}
