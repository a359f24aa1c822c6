package dev.brisk.bench.compare;

import dev.brisk.bench.run.LoadRunner;
import dev.brisk.bench.run.Results;
import dev.brisk.bench.run.RunConfig;
import dev.brisk.bench.run.Scenario;
import dev.brisk.datagen.LocalRedis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Baseline against optimized, in one run, on one data set:
 *
 * <ol>
 *   <li>generates the data set into {@code database} with the base migrations (or reuses it), and
 *       clones it twice, {@code _baseline} and {@code _optimized}; the optimized clone gets the
 *       optimized migrations (db/optimized: views, indexes) and a fresh ANALYZE;</li>
 *   <li>starts Brisk twice from the exec jar, same java and JVM flags: {@code --brisk.mode=baseline}
 *       on the one clone, optimized on the other with a redis-server child of its own;</li>
 *   <li>logs in and reads id pools on both, then runs each scenario on both servers, alternating
 *       which goes first; cold restarts the server (and its Redis) so that its requests are the
 *       first ones after start; redis-down SIGKILLs the optimized server's Redis at 1/3 and starts
 *       a new one at 2/3 (baseline has no Redis: its run is the mixed load alone);</li>
 *   <li>walks a cursor deep on both (page 1 vs page N);</li>
 *   <li>stops every child it started, whatever happened, and returns the result (the caller
 *       writes JSON, markdown and charts).</li>
 * </ol>
 */
public final class Compare {

    static final String BASELINE = "baseline";
    static final String OPTIMIZED = "optimized";

    private final CompareConfig config;
    private final PrintStream log;
    private final SingleUserProbes probes;
    private final List<String> notes = new ArrayList<>();

    public Compare(CompareConfig config) {
        this.config = config;
        this.log = config.log();
        this.probes = new SingleUserProbes(config, log);
    }

    public CompareResult run() throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Files.createDirectories(config.outDir());
        if (!Files.isRegularFile(config.serverJar())) {
            throw new IllegalStateException(
                    "no server jar at " + config.serverJar().toAbsolutePath()
                            + " (build it: mvn -q -B -DskipTests package -pl server -am)");
        }
        Databases dbs = new Databases(config.jdbcServer(), config.dbUser(), config.dbPassword());
        CompareResult.Data data = new CompareDataSet(config, log).prepare(dbs);

        String javaVersion = Machine.javaVersion(config.java());
        try (Children children = new Children()) {
            int redisPort = Children.freePort();
            LocalRedis redis = new LocalRedis(
                    config.redisServer(), redisPort, config.outDir().resolve("redis.log"), List.of(), children);
            BriskServer baseline =
                    server(BASELINE, dbs.url(config.baselineDatabase()), Children.freePort(), null, children);
            BriskServer optimized =
                    server(OPTIMIZED, dbs.url(config.optimizedDatabase()), Children.freePort(), redis, children);
            Map<String, BriskServer> servers = Map.of(BASELINE, baseline, OPTIMIZED, optimized);

            redis.start();
            // one after the other: on a small machine two JVMs starting at once slow each other down
            log.printf(Locale.ROOT, "starting baseline server (%s)%n", baseline.baseUrl());
            log.printf(Locale.ROOT, "  healthy after %.1f s%n", baseline.start());
            log.printf(
                    Locale.ROOT, "starting optimized server (%s, Redis on port %d)%n", optimized.baseUrl(), redisPort);
            log.printf(Locale.ROOT, "  healthy after %.1f s%n", optimized.start());

            RedisWatch watch = new RedisWatch(optimized);
            Map<String, RunConfig> configs = new LinkedHashMap<>();
            configs.put(BASELINE, runConfig(baseline, RunConfig.Hooks.NONE));
            configs.put(
                    OPTIMIZED,
                    runConfig(
                            optimized,
                            new RunConfig.Hooks(
                                    () -> watch.kill(redis, killWatchLimit()),
                                    () -> watch.start(redis),
                                    config.redisKillAt(),
                                    config.redisStartAt())));
            Map<String, LoadRunner> runners = new LinkedHashMap<>();
            Map<String, dev.brisk.bench.run.Session> sessions = new LinkedHashMap<>();
            for (String mode : List.of(BASELINE, OPTIMIZED)) {
                log.printf(Locale.ROOT, "setup %s%n", mode);
                LoadRunner runner = new LoadRunner(configs.get(mode));
                runners.put(mode, runner);
                sessions.put(mode, runner.setup());
            }

            Map<String, List<Results.Scenario>> results =
                    Map.of(BASELINE, new ArrayList<>(), OPTIMIZED, new ArrayList<>());
            List<CompareResult.ScenarioRun> runs = new ArrayList<>();
            List<String> dbNames = List.of(config.baselineDatabase(), config.optimizedDatabase());
            int position = 0;
            boolean previousWrote = false;
            for (int i = 0; i < config.scenarios().size(); i++) {
                Scenario scenario = config.scenarios().get(i);
                List<String> order = i % 2 == 0 ? List.of(BASELINE, OPTIMIZED) : List.of(OPTIMIZED, BASELINE);
                for (String mode : order) {
                    BriskServer server = servers.get(mode);
                    Instant at = Instant.now();
                    long s0 = System.nanoTime();
                    if (!server.alive()) {
                        notes.add(mode + " server had exited before " + scenario + "; restarted it (see " + server.log()
                                + ")");
                        restart(server, mode.equals(OPTIMIZED) ? redis : null);
                    }
                    Double restartSeconds = null;
                    if (scenario == Scenario.COLD) {
                        log.printf(
                                Locale.ROOT,
                                "cold: restarting %s%s%n",
                                mode,
                                mode.equals(OPTIMIZED) ? " and its Redis" : "");
                        restartSeconds = Machine.round2(restart(server, mode.equals(OPTIMIZED) ? redis : null));
                    }
                    if (previousWrote) {
                        // the optimized server refreshes its views once writes pause for 2 s: let that start, then wait
                        // it out
                        Waits.sleep(3000);
                    }
                    double settle = settle(dbs, dbNames) + (previousWrote ? 3 : 0);
                    previousWrote = scenario == Scenario.HIGH_LOAD || scenario == Scenario.REDIS_DOWN;
                    String load = Machine.loadAverage();
                    log.printf(Locale.ROOT, "[%s] ", mode);
                    LoadRunner.ScenarioOptions options = new LoadRunner.ScenarioOptions(
                            scenario == Scenario.COLD,
                            mode.equals(BASELINE)
                                    ? "baseline has no Redis (no cache at any tier): the mixed load ran "
                                            + "without anything to kill"
                                    : null);
                    Results.Scenario result = runners.get(mode).scenario(sessions.get(mode), scenario, options);
                    results.get(mode).add(result);
                    runs.add(new CompareResult.ScenarioRun(
                            ++position,
                            scenario.id(),
                            mode,
                            at.toString(),
                            restartSeconds,
                            Machine.round2(settle),
                            load,
                            Machine.round2((System.nanoTime() - s0) / 1e9)));
                }
            }

            List<CompareResult.DeepCursor> deep = new ArrayList<>();
            if (!config.deepCursorTime().isZero()) {
                for (String mode : List.of(OPTIMIZED, BASELINE)) {
                    settle(dbs, dbNames);
                    deep.add(probes.deepCursor(mode, servers.get(mode)));
                }
            }

            List<CompareResult.DashboardAlone> alone = new ArrayList<>();
            if (!config.dashboardAloneTime().isZero()) {
                for (String mode : List.of(OPTIMIZED, BASELINE)) {
                    settle(dbs, dbNames);
                    alone.add(probes.dashboardAlone(
                            mode, servers.get(mode), sessions.get(mode).setup().orgs()));
                }
            }

            double seconds = (System.nanoTime() - t0) / 1e9;
            Results.Run baselineRun =
                    runners.get(BASELINE).result(sessions.get(BASELINE), started, seconds, results.get(BASELINE));
            Results.Run optimizedRun =
                    runners.get(OPTIMIZED).result(sessions.get(OPTIMIZED), started, seconds, results.get(OPTIMIZED));

            CompareResult.Servers serverInfo = new CompareResult.Servers(
                    config.serverJar().toString(),
                    config.java(),
                    javaVersion,
                    config.jvmArgs(),
                    baseline.command(),
                    optimized.command(),
                    redis.commandLine(),
                    baseline.startSeconds(),
                    optimized.startSeconds());
            CompareResult.Settings settings = new CompareResult.Settings(
                    config.scenarios().stream().map(Scenario::id).toList(),
                    config.users(),
                    config.duration().toMillis() / 1000.0,
                    config.warmup().toMillis() / 1000.0,
                    config.coldRequests(),
                    config.timeout().toMillis() / 1000.0,
                    config.deepCursorTime().toMillis() / 1000.0,
                    config.deepCursorPages(),
                    config.dashboardAloneTime().toMillis() / 1000.0,
                    config.redisKillAt(),
                    config.redisStartAt(),
                    config.seed());
            log.println("stopping servers and Redis");
            baseline.stop();
            optimized.stop();
            redis.stop();
            return new CompareResult(
                    "brisk-bench compare",
                    started.toString(),
                    Machine.round2((System.nanoTime() - t0) / 1e9),
                    baselineRun.machine(),
                    Machine.osRelease(),
                    Machine.kernel(),
                    data,
                    serverInfo,
                    settings,
                    runs,
                    baselineRun,
                    optimizedRun,
                    watch.result(),
                    deep,
                    alone,
                    List.copyOf(notes));
        } finally {
            if (config.dropDatabases()) {
                for (String db : List.of(config.baselineDatabase(), config.optimizedDatabase(), config.database())) {
                    try {
                        dbs.drop(db);
                    } catch (SQLException e) {
                        log.println("could not drop " + db + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // servers

    private BriskServer server(String mode, String jdbcUrl, int port, LocalRedis redis, Children children) {
        List<String> cmd = new ArrayList<>();
        cmd.add(config.java());
        cmd.addAll(config.jvmArgs());
        cmd.add("-jar");
        cmd.add(config.serverJar().toAbsolutePath().toString());
        cmd.add("--brisk.mode=" + mode);
        cmd.add("--server.port=" + port);
        cmd.add("--spring.datasource.url=" + jdbcUrl);
        cmd.add("--spring.datasource.username=" + config.dbUser());
        if (config.dbPassword() != null) {
            cmd.add("--spring.datasource.password=" + config.dbPassword());
        }
        cmd.add("--brisk.demo.seed=false");
        if (redis != null) {
            cmd.add("--brisk.cache.redis.host=127.0.0.1");
            cmd.add("--brisk.cache.redis.port=" + redis.port());
        } else {
            cmd.add("--brisk.cache.redis.host=disabled");
        }
        return new BriskServer(
                mode, cmd, port, config.outDir().resolve(mode + "-server.log"), config.startTimeout(), children);
    }

    /** Stops the server (and its Redis: a new, empty one), starts them again; seconds until healthy. */
    private double restart(BriskServer server, LocalRedis redis) throws IOException {
        server.stop();
        if (redis != null) {
            redis.stop();
            redis.start();
        }
        double s = server.start();
        log.printf(Locale.ROOT, "  healthy after %.1f s%n", s);
        return s;
    }

    private RunConfig runConfig(BriskServer server, RunConfig.Hooks hooks) {
        return RunConfig.builder(server.baseUrl())
                .label(server.mode())
                .scenarios(config.scenarios())
                .users(config.users())
                .duration(config.duration())
                .warmup(config.warmup())
                .coldRequests(config.coldRequests())
                .timeout(config.timeout())
                .seed(config.seed())
                .hooks(hooks)
                .log(log)
                .build();
    }

    private double killWatchLimit() {
        double window = (config.redisStartAt() - config.redisKillAt())
                * config.duration().toMillis()
                / 1000.0;
        return Math.max(0.5, Math.min(10, window * 0.9));
    }

    /**
     * Waits (up to 3 minutes) until no statement runs in the compared databases: a view refresh
     * after writes, or a statement whose request the harness gave up on.
     */
    private double settle(Databases dbs, List<String> names) throws SQLException {
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
        int quiet = 0;
        while (System.nanoTime() < deadline) {
            if (dbs.activeStatements(names) == 0) {
                if (++quiet >= 2) {
                    break;
                }
            } else {
                quiet = 0;
            }
            Waits.sleep(100);
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (s > 1) {
            log.printf(Locale.ROOT, "  waited %.1f s for statements still running in %s%n", s, names);
        }
        return s;
    }
}
