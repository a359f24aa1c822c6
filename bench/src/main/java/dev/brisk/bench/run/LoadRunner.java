package dev.brisk.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

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
        return new Results.Run("brisk-bench", config.label(), config.baseUrl(), started.toString(), seconds, machine(),
                configSummary(), session.setup, results);
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
    // setup

    /**
     * Logins (tokens) and id pools, found once and kept across scenarios and even across server
     * restarts: tokens live in the database, so a restarted server still accepts them.
     */
    public static final class Session {
        private final String adminToken;
        private final List<VirtualUserSeed> seeds;
        private final Pools pools;
        private final Results.Setup setup;

        Session(String adminToken, List<VirtualUserSeed> seeds, Pools pools, Results.Setup setup) {
            this.adminToken = adminToken;
            this.seeds = seeds;
            this.pools = pools;
            this.setup = setup;
        }

        /** The ADMIN token that reads the monitoring API, or null when it is not available. */
        public String adminToken() {
            return adminToken;
        }

        List<VirtualUserSeed> seeds() {
            return seeds;
        }

        Pools pools() {
            return pools;
        }

        public Results.Setup setup() {
            return setup;
        }
    }

    private record VirtualUserSeed(String token, int org) {
    }

    /** Logs in (admin and the load users) and reads the id pools, over a client of its own. */
    public Session setup() {
        try (Api api = new Api(config.baseUrl(), config.timeout())) {
            return setup(api);
        }
    }

    private Session setup(Api api) {
        long t0 = System.nanoTime();
        List<String> notes = new ArrayList<>();
        Api.Response[] failure = new Api.Response[1];
        String admin = api.login(config.adminEmail(), config.password(), failure);
        if (admin == null) {
            notes.add("admin login " + config.adminEmail() + " failed (" + describe(failure[0])
                    + "): no monitoring snapshots, resets or cache clears");
        }

        // organizations: given, or found by logging in as member@org-1, -2, ... until one fails
        Map<Integer, String> firstToken = new TreeMap<>();
        boolean numbered = config.memberEmail().contains("%d");
        int orgs = config.orgs();
        int limit = orgs > 0 ? orgs : numbered ? 1000 : 1;
        for (int o = 1; o <= limit; o++) {
            String email = String.format(Locale.ROOT, config.memberEmail(), o);
            String token = api.login(email, config.password(), failure);
            if (token == null) {
                if (o == 1 || orgs > 0) {
                    throw new IllegalStateException("login as " + email + " failed: " + describe(failure[0])
                            + " (generate the data first; password " + config.password() + ")");
                }
                break;
            }
            firstToken.put(o, token);
        }
        orgs = firstToken.size();

        int sessions = config.sessions() > 0 ? config.sessions() : Math.min(config.users(), 2 * orgs);
        sessions = Math.max(sessions, Math.min(orgs, config.users()));
        List<VirtualUserSeed> seeds = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            int org = i % orgs + 1;
            seeds.add(new VirtualUserSeed(i < orgs ? firstToken.get(org) : null, org));
        }
        // extra sessions: password checks are slow on purpose, so log in a few at a time
        try (var pool = Executors.newFixedThreadPool(4, Thread.ofVirtual().factory())) {
            List<Future<String>> logins = new ArrayList<>();
            for (int i = orgs; i < sessions; i++) {
                String email = String.format(Locale.ROOT, config.memberEmail(), seeds.get(i).org());
                logins.add(pool.submit(() -> api.login(email, config.password(), null)));
            }
            for (int i = orgs; i < sessions; i++) {
                String token = logins.get(i - orgs).get();
                if (token == null) {
                    throw new IllegalStateException("login " + (i + 1) + " failed");
                }
                seeds.set(i, new VirtualUserSeed(token, seeds.get(i).org()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("logging in: " + e.getMessage(), e);
        }

        Pools pools = new Pools();
        for (Map.Entry<Integer, String> e : firstToken.entrySet()) {
            pools.load(api, e.getKey(), e.getValue());
        }
        String anyToken = firstToken.values().iterator().next();
        Api.Response dashboard = api.get("/api/dashboard", anyToken);
        if (dashboard.status() < 0 && "timeout".equals(dashboard.error())) {
            // slow is not absent: keep it in the workload (a dropped operation would change the mix silently)
            notes.add("GET /api/dashboard timed out during setup (" + config.timeout().toSeconds()
                    + " s): kept in the workload");
            pools.probes.put("dashboard", 200);
        } else {
            pools.probes.put("dashboard", dashboard.status());
        }
        if (admin != null) {
            pools.probes.put("monitoring", api.get("/api/monitoring/performance", admin).status());
        }
        for (Map.Entry<String, Integer> e : pools.status.entrySet()) {
            if (e.getValue() != 200) {
                notes.add("GET /api/" + e.getKey() + " answered " + e.getValue() + ": its operations are left out");
            }
        }
        if (!pools.available("dashboard")) {
            notes.add("GET /api/dashboard answered " + pools.probes.get("dashboard") + ": left out");
        }
        if (admin != null && !pools.available("monitoring")) {
            notes.add("GET /api/monitoring/performance answered " + pools.probes.get("monitoring")
                    + ": no hit rates, resets or cache clears");
        }
        for (String note : notes) {
            log.println("  note: " + note);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.printf(Locale.ROOT, "setup: %d orgs, %d sessions, pools %s, %.1f s%n", orgs, sessions, pools.sizes(), seconds);
        Map<String, Integer> statuses = new LinkedHashMap<>(pools.status);
        statuses.putAll(pools.probes);
        boolean monitoring = admin != null && pools.available("monitoring");
        return new Session(monitoring ? admin : null, seeds, pools, new Results.Setup(orgs, sessions, statuses,
                pools.sizes(), seconds, notes));
    }

    // ---------------------------------------------------------------------------------------------
    // one scenario

    /** Runs one scenario over a client of its own (new connections: a restarted server is fine). */
    public Results.Scenario scenario(Session session, Scenario scenario, ScenarioOptions options) {
        log.printf(Locale.ROOT, "scenario %s: %s, %d users, %s%s%n", scenario, scenario.description(), config.users(),
                config.duration(), config.rate() > 0 ? ", " + config.rate() + " req/s" : "");
        try (Api api = new Api(config.baseUrl(), config.timeout())) {
            return runScenario(api, session, scenario, options == null ? ScenarioOptions.DEFAULT : options);
        }
    }

    private Results.Scenario runScenario(Api api, Session session, Scenario scenario, ScenarioOptions options) {
        List<String> notes = new ArrayList<>();
        String runTag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        Workload workload = new Workload(switch (scenario) {
            case COLD, WARM -> Workload.WARM;
            case HIGH_LOAD, REDIS_DOWN, PG_RESTART -> config.mix() != null ? config.mix() : Workload.MIXED;
            case CACHE_MISS -> Workload.CACHE_MISS;
            case DASHBOARD -> Workload.DASHBOARD;
            case FLOOR -> Workload.FLOOR;
        }, session.pools(), runTag);

        List<VirtualUser> users = new ArrayList<>();
        for (int i = 0; i < config.users(); i++) {
            VirtualUserSeed seed = session.seeds().get(i % session.seeds().size());
            users.add(new VirtualUser(i, seed.token(), seed.org(), session.pools().byOrg.get(seed.org()),
                    config.seed() + scenario.ordinal() * 7919L));
        }

        boolean admin = session.adminToken() != null && !options.fresh();
        if (admin && scenario == Scenario.COLD && config.clearCacheForCold()) {
            adminPost(api, session, "/api/monitoring/performance?action=clear-cache", notes);
        }

        Duration warmup = config.warmupFor(scenario);
        if (!warmup.isZero()) {
            log.printf(Locale.ROOT, "  warm-up %s%n", warmup);
            drive(api, users, workload, null, System.nanoTime(), warmup, Integer.MAX_VALUE);
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
                notes.add(options.noHooksNote() != null ? options.noHooksNote()
                        : "no Redis kill/start hooks given: ran the mixed load without killing Redis");
            } else {
                hooks = startHooks(start, hookEvents, scenario == Scenario.PG_RESTART ? "pg" : "redis");
            }
        }
        long cpu0 = processCpuNanos();
        long elapsed = drive(api, users, workload, recorder, start, config.duration(),
                cold ? config.coldRequests() : Integer.MAX_VALUE);
        long cpu = processCpuNanos() - cpu0;
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
        Results.Monitoring monitoring = new Results.Monitoring(monitoringStatus, hitRates(after), before, after, monitoringError);

        return summarize(scenario, workload, recorder, elapsed, warmup, cpu, hookEvents, monitoring, notes);
    }

    /**
     * Runs the users until {@code duration} has passed (or {@code maxRequests} were recorded) and
     * waits for their last responses. Returns the elapsed nanoseconds.
     */
    private long drive(Api api, List<VirtualUser> users, Workload workload, Recorder recorder, long start,
                       Duration duration, int maxRequests) {
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
                    Api.Response r = api.send(req.method(), req.path(), u.token, req.body());
                    workload.after(u, req, r);
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

    private Thread startHooks(long start, List<Results.HookEvent> events, String what) {
        RunConfig.Hooks h = config.hooks();
        long duration = config.duration().toNanos();
        return Thread.ofPlatform().name("hooks").daemon().start(() -> {
            runHookAt(what + "-" + (what.equals("pg") ? "stop" : "kill"), h.kill(), start + (long) (duration * h.killAt()), start, events);
            if (h.start() != null) {
                runHookAt(what + "-start", h.start(), start + (long) (duration * h.startAt()), start, events);
            }
        });
    }

    private void runHookAt(String name, RunConfig.Hook hook, long at, long start, List<Results.HookEvent> events) {
        long now;
        while ((now = System.nanoTime()) < at) {
            LockSupport.parkNanos(at - now);
        }
        long t = System.nanoTime();
        String error = null;
        try {
            hook.run();
        } catch (Exception e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        double atSecond = Recorder.round3((t - start) / 1e9);
        double took = Recorder.round3((System.nanoTime() - t) / 1e9);
        log.printf(Locale.ROOT, "  %s at %.1f s (%.2f s)%s%n", name, atSecond, took, error == null ? "" : ": " + error);
        events.add(new Results.HookEvent(name, hook instanceof ShellHook s ? s.command() : null, atSecond, took,
                error == null, error));
    }

    private void adminPost(Api api, Session session, String path, List<String> notes) {
        Api.Response r = api.send("POST", path, session.adminToken(), null);
        if (!r.ok()) {
            notes.add("POST " + path + ": " + r.errorKind());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // results

    private Results.Scenario summarize(Scenario scenario, Workload workload, Recorder recorder, long elapsedNanos,
                                       Duration warmup, long cpuNanos, List<Results.HookEvent> hooks,
                                       Results.Monitoring monitoring, List<String> notes) {
        double seconds = elapsedNanos / 1e9;
        Map<String, Recorder.OpStats> ops = recorder.ops();
        long requests = recorder.total();
        boolean open = config.rate() > 0;
        long expectedInterval = open ? (long) (config.users() * 1e6 / config.rate())
                : requests == 0 ? 0 : (long) (config.users() * seconds * 1e6 / requests);

        Histogram latency = new Histogram(3);
        Histogram service = new Histogram(3);
        Histogram server = new Histogram(3);
        List<Results.Operation> operations = new ArrayList<>();
        Map<String, Long> errorKinds = new TreeMap<>();
        Map<String, Long> cache = new TreeMap<>();
        long errors = 0;
        for (Recorder.OpStats s : ops.values()) {
            Histogram opLatency = corrected(s.latency, open, expectedInterval);
            latency.add(opLatency);
            service.add(s.service);
            server.add(s.server);
            long n = s.requests.sum();
            errors += s.errors.sum();
            s.errorCounts().forEach((k, v) -> errorKinds.merge(s.name + " " + k, v, Long::sum));
            s.cacheCounts().forEach((k, v) -> cache.merge(k, v, Long::sum));
            operations.add(new Results.Operation(s.name, n, s.errors.sum(), s.errorCounts(), Recorder.round3(n / seconds),
                    Results.Latency.of(opLatency), Results.Latency.of(s.service), Results.Latency.of(s.server),
                    Recorder.OpStats.statements(List.of(s)), s.cacheCounts(), s.byCache()));
        }
        Map<String, Results.ByCache> byCache = Recorder.ClassStats.summarize(new ArrayList<>(ops.values()));
        long hits = byCache.containsKey("hit") ? byCache.get("hit").requests() : 0;
        long misses = byCache.containsKey("miss") ? byCache.get("miss").requests() : 0;
        Double hitRatio = hits + misses == 0 ? null : Recorder.round3((double) hits / (hits + misses));

        Results.Scenario result = new Results.Scenario(scenario.id(), scenario.description(), open ? "open-loop" : "closed-loop",
                config.users(), config.rate(), Recorder.round3(seconds), warmup.toMillis() / 1000.0, requests, errors, errorKinds,
                Recorder.round3(requests / seconds), Results.Latency.of(latency), Results.Latency.of(service),
                Results.Latency.of(server), expectedInterval,
                Recorder.OpStats.statements(new ArrayList<>(ops.values())), cache, hitRatio, CacheOutcome.hitRatios(cache), byCache,
                workload.effectiveMix(), operations,
                recorder.timeline((int) Math.ceil(seconds)), List.copyOf(hooks),
                scenario == Scenario.COLD ? recorder.samples() : List.of(), monitoring,
                Recorder.round3(cpuNanos / (double) elapsedNanos), notes);
        log.printf(Locale.ROOT, "  %,d requests, %,.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors%n", requests,
                result.throughput(), result.latency().p50(), result.latency().p99(), errors);
        return result;
    }

    private static Histogram corrected(Histogram h, boolean open, long expectedIntervalMicros) {
        if (open || expectedIntervalMicros <= 0) {
            return h.copy();
        }
        return h.copyCorrectedForCoordinatedOmission(expectedIntervalMicros);
    }

    /** Every numeric field named like hitRate/hitRatio, and hits / (hits + misses) where both exist. */
    static Map<String, Double> hitRates(JsonNode root) {
        Map<String, Double> out = new TreeMap<>();
        if (root != null) {
            walk(root, "", out, 0);
        }
        return out;
    }

    private static void walk(JsonNode node, String path, Map<String, Double> out, int depth) {
        if (depth > 8) {
            return;
        }
        if (node.isObject()) {
            JsonNode hits = node.get("hits");
            JsonNode misses = node.get("misses");
            if (hits != null && misses != null && hits.isNumber() && misses.isNumber()) {
                double total = hits.asDouble() + misses.asDouble();
                if (total > 0) {
                    out.put(path.isEmpty() ? "hits/(hits+misses)" : path + ".hits/(hits+misses)",
                            Recorder.round3(hits.asDouble() / total));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                String key = e.getKey().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
                if (e.getValue().isNumber() && (key.contains("hitrate") || key.contains("hitratio"))) {
                    out.put(p, e.getValue().asDouble());
                } else if (e.getValue().isContainerNode()) {
                    walk(e.getValue(), p, out, depth + 1);
                }
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode child : node) {
                if (i > 50) {
                    break;
                }
                walk(child, path + "[" + i++ + "]", out, depth + 1);
            }
        }
    }

    private static String describe(Api.Response r) {
        if (r == null) {
            return "no response";
        }
        String body = r.text();
        return r.errorKind() + (body.isEmpty() ? "" : " " + (body.length() > 200 ? body.substring(0, 200) : body));
    }

    private Map<String, Object> configSummary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenarios", config.scenarios().stream().map(Scenario::id).toList());
        m.put("users", config.users());
        m.put("durationSeconds", config.duration().toMillis() / 1000.0);
        m.put("warmupSeconds", config.warmup() == null ? "default (5 s, cold 0)" : config.warmup().toMillis() / 1000.0);
        m.put("rate", config.rate());
        m.put("coldRequests", config.coldRequests());
        m.put("timeoutSeconds", config.timeout().toMillis() / 1000.0);
        m.put("memberEmail", config.memberEmail());
        m.put("adminEmail", config.adminEmail());
        m.put("seed", config.seed());
        m.put("resetMonitoring", config.resetMonitoring());
        m.put("clearCacheForCold", config.clearCacheForCold());
        m.put("redisKillAt", config.hooks().killAt());
        m.put("redisStartAt", config.hooks().startAt());
        if (config.mix() != null) {
            m.put("mix", config.mix());
        }
        return m;
    }

    static Results.Machine machine() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        String cpu = null;
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        long memory = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new Results.Machine(host, Runtime.getRuntime().availableProcessors(), cpu, memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
