package dev.brisk.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs scenarios against one Brisk over HTTP and returns what it measured. Reusable: {@code run}
 * calls it once; a before/after comparison calls it once per server mode with the same config but
 * the base URL and label.
 *
 * <p>Load model: {@code users} virtual threads, each with its own session (tokens shared
 * round-robin when there are fewer sessions than users) and organization. Closed loop (rate 0):
 * each user sends its next request when the previous one is answered. Open loop (rate R): user i
 * has an intended start schedule at R/users requests per second and is timed from the intended
 * start, so a stall counts for every request it delayed (no coordinated omission).
 */
public final class LoadRunner {

    private final RunConfig config;
    private final java.io.PrintStream log;

    public LoadRunner(RunConfig config) {
        this.config = config;
        this.log = config.log();
    }

    /** Logs in, reads the id pools, runs every configured scenario in order. */
    public Results.Run run() {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Session session = setup();
        List<Results.Scenario> results = new ArrayList<>();
        for (Scenario s : config.scenarios()) {
            results.add(scenario(session, s, ScenarioOptions.DEFAULT));
        }
        return result(session, started, (System.nanoTime() - t0) / 1e9, results);
    }

    /** The report of scenarios run one by one with {@link #scenario}. */
    public Results.Run result(Session session, Instant started, double seconds, List<Results.Scenario> results) {
        return new Results.Run(
                "brisk-bench",
                config.label(),
                config.baseUrl(),
                started.toString(),
                seconds,
                MachineInfo.current(),
                new Summary(config).configSummary(),
                session.setup(),
                results);
    }

    /**
     * How one scenario is prepared.
     *
     * @param fresh the server was just started: no monitoring reset, no cache clear, no snapshot
     *              before the measured requests, so that they really are its first requests
     * @param noHooksNote the note when the config has no Redis hooks for redis-down; null = default
     */
    public record ScenarioOptions(boolean fresh, String noHooksNote) {
        public static final ScenarioOptions DEFAULT = new ScenarioOptions(false, null);
    }

    // ---------------------------------------------------------------------------------------------
    // one scenario

    /** Logs in (admin and the load users) and reads the id pools, over a client of its own. */
    public Session setup() {
        return new SessionSetup(config).setup();
    }

    /** Runs one scenario over a client of its own (new connections: a restarted server is fine). */
    public Results.Scenario scenario(Session session, Scenario scenario, ScenarioOptions options) {
        log.printf(
                Locale.ROOT,
                "scenario %s: %s, %d users, %s%s%n",
                scenario,
                scenario.description(),
                config.users(),
                config.duration(),
                config.rate() > 0 ? ", " + config.rate() + " req/s" : "");
        try (Api api = new Api(config.baseUrl(), config.timeout())) {
            return runScenario(api, session, scenario, options == null ? ScenarioOptions.DEFAULT : options);
        }
    }

    private Results.Scenario runScenario(Api api, Session session, Scenario scenario, ScenarioOptions options) {
        List<String> notes = new ArrayList<>();
        String runTag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        Workload workload = new Workload(
                switch (scenario) {
                    case COLD, WARM -> Mixes.WARM;
                    case HIGH_LOAD, REDIS_DOWN, PG_RESTART -> config.mix() != null ? config.mix() : Mixes.MIXED;
                    case CACHE_MISS -> Mixes.CACHE_MISS;
                    case DASHBOARD -> Mixes.DASHBOARD;
                    case FLOOR -> Mixes.FLOOR;
                },
                session.pools(),
                runTag);

        List<VirtualUser> users = new ArrayList<>();
        for (int i = 0; i < config.users(); i++) {
            Session.VirtualUserSeed seed =
                    session.seeds().get(i % session.seeds().size());
            users.add(new VirtualUser(
                    i,
                    seed.token(),
                    seed.org(),
                    session.pools().byOrg.get(seed.org()),
                    config.seed() + scenario.ordinal() * 7919L));
        }

        boolean admin = session.adminToken() != null && !options.fresh();
        if (admin && scenario == Scenario.COLD && config.clearCacheForCold()) {
            adminPost(api, session, "/api/monitoring/performance?action=clear-cache", notes);
        }

        Duration warmup = config.warmupFor(scenario);
        MissCauses causes = new MissCauses(); // sees the warm-up too: a key read there is not cold later
        if (!warmup.isZero()) {
            log.printf(Locale.ROOT, "  warm-up %s%n", warmup);
            drive(api, users, workload, null, causes, System.nanoTime(), warmup, Integer.MAX_VALUE);
        }

        // after the warm-up, so that the server's numbers cover the measured requests only
        JsonNode before = null;
        Integer monitoringStatus = null;
        String monitoringError = null;
        if (admin) {
            if (config.resetMonitoring()) {
                adminPost(api, session, "/api/monitoring/performance?action=reset", notes);
            }
            Api.Response m = api.get("/api/monitoring/performance", session.adminToken());
            monitoringStatus = m.status();
            before = m.ok() ? m.json() : null;
        }

        boolean cold = scenario == Scenario.COLD;
        int durationSeconds = (int) Math.max(1, config.duration().toSeconds());
        long start = System.nanoTime();
        Recorder recorder = new Recorder(start, cold ? config.coldRequests() : 0, durationSeconds);
        List<Results.HookEvent> hookEvents = new CopyOnWriteArrayList<>();
        Thread hooks = null;
        if (scenario == Scenario.REDIS_DOWN || scenario == Scenario.PG_RESTART) {
            if (config.hooks().kill() == null) {
                notes.add(
                        options.noHooksNote() != null
                                ? options.noHooksNote()
                                : "no Redis kill/start hooks given: ran the mixed load without killing Redis");
            } else {
                hooks = new Hooks(config).start(start, hookEvents, scenario == Scenario.PG_RESTART ? "pg" : "redis");
            }
        }
        long cpu0 = MachineInfo.processCpuNanos();
        long elapsed = drive(
                api,
                users,
                workload,
                recorder,
                causes,
                start,
                config.duration(),
                cold ? config.coldRequests() : Integer.MAX_VALUE);
        long cpu = MachineInfo.processCpuNanos() - cpu0;
        if (hooks != null) {
            try {
                hooks.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        JsonNode after = null;
        if (session.adminToken() != null) {
            Api.Response m = api.get("/api/monitoring/performance", session.adminToken());
            monitoringStatus = m.status();
            if (m.ok()) {
                after = m.json();
            } else {
                monitoringError = "GET /api/monitoring/performance: " + m.errorKind();
            }
        } else {
            monitoringError = "monitoring API not available (see setup notes)";
        }
        Results.Monitoring monitoring =
                new Results.Monitoring(monitoringStatus, HitRates.of(after), before, after, monitoringError);

        return new Summary(config)
                .summarize(scenario, workload, recorder, causes, elapsed, warmup, cpu, hookEvents, monitoring, notes);
    }

    /**
     * Runs the users until {@code duration} has passed (or {@code maxRequests} were recorded) and
     * waits for their last responses. Returns the elapsed nanoseconds.
     */
    private long drive(
            Api api,
            List<VirtualUser> users,
            Workload workload,
            Recorder recorder,
            MissCauses causes,
            long start,
            Duration duration,
            int maxRequests) {
        long deadline = start + duration.toNanos();
        double rate = config.rate();
        long interval = rate > 0 ? (long) (users.size() * 1e9 / rate) : 0;
        List<Thread> threads = new ArrayList<>();
        for (VirtualUser u : users) {
            threads.add(Thread.ofVirtual().name("user-" + u.index).start(() -> {
                long intended = start + (interval > 0 ? interval * u.index / users.size() : 0);
                while (true) {
                    long now = System.nanoTime();
                    if (interval > 0) {
                        if (intended >= deadline) {
                            break;
                        }
                        while ((now = System.nanoTime()) < intended) {
                            LockSupport.parkNanos(intended - now);
                        }
                    } else {
                        if (now >= deadline) {
                            break;
                        }
                        intended = now;
                    }
                    if (recorder != null && recorder.total() >= maxRequests) {
                        break;
                    }
                    Workload.Request req = workload.next(u);
                    String key = config.idempotencyKeys() && !"GET".equals(req.method())
                            ? java.util.UUID.randomUUID().toString()
                            : null;
                    Api.Response r = api.send(req.method(), req.path(), u.token, req.body(), key);
                    workload.after(u, req, r);
                    causes.observe(u.org, req.op(), req.method(), req.path(), r, recorder != null);
                    if (recorder != null) {
                        recorder.record(req.op(), r, intended);
                    }
                    if (r.status() < 0 && !"timeout".equals(r.error())) {
                        LockSupport.parkNanos(20_000_000L); // server unreachable: do not spin
                    }
                    if (interval > 0) {
                        intended += interval;
                    }
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join(duration.toMillis() + config.timeout().toMillis() + 10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return System.nanoTime() - start;
    }

    private void adminPost(Api api, Session session, String path, List<String> notes) {
        Api.Response r = api.send("POST", path, session.adminToken(), null);
        if (!r.ok()) {
            notes.add("POST " + path + ": " + r.errorKind());
        }
    }
}
