package dev.brisk.bench.scale;

import dev.brisk.bench.compare.BriskServer;
import dev.brisk.bench.compare.Children;
import dev.brisk.bench.run.LoadRunner;
import dev.brisk.bench.run.Results;
import dev.brisk.bench.run.RunConfig;
import dev.brisk.bench.run.Scenario;
import dev.brisk.datagen.Generator;
import dev.brisk.datagen.Logins;
import dev.brisk.datagen.Progress;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scale run: one data set in a PostgreSQL of its own (a primary, and a streaming replica made from it
 * after the load), a Redis Sentinel group, nginx in front of the nodes. For each topology the nodes are
 * (re)started with its settings, nginx is pointed at them, and the mixed load runs through nginx, first
 * plain and then once per fault that applies (kill a node: two nodes; kill the replica: with a replica;
 * kill the Redis master: always), with the {@link ReadBackProbe} writing and reading back alongside.
 * Every topology sees the same data set plus the writes of the scenarios before it.
 */
public final class ScaleRun {

    private final ScaleConfig config;
    private final PrintStream log;

    public ScaleRun(ScaleConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    public ScaleResult run() throws Exception {
        Instant started = Instant.now();
        List<ScaleResult.Row> rows = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        Files.createDirectories(config.outDir());
        try (Children children = new Children();
                PgPair pg = PgPair.startPrimary(config.workDir().resolve("pg"), 150);
                SentinelGroup redis = SentinelGroup.start(
                        config.redisServer(), config.workDir().resolve("redis"), children);
                Nginx nginx =
                        new Nginx(config.nginx(), config.workDir().resolve("nginx"), Children.freePort(), children)) {
            log.printf(Locale.ROOT, "scale: loading size %s into %s%n", config.size(), pg.primaryUrl());
            Generator.Result data = new Generator(new Generator.Options(
                            pg.primaryUrl(),
                            "postgres",
                            null,
                            config.size(),
                            config.seed(),
                            null,
                            Generator.Migrate.BASE,
                            false,
                            true,
                            Progress.Style.NONE,
                            log,
                            null))
                    .generate();
            notes.add(String.format(Locale.ROOT, "data: size %s, seed %d, %s", data.size(), data.seed(), data.rows()));
            boolean anyReplica = config.topologies().stream().anyMatch(t -> t.replica);
            if (anyReplica) {
                pg.makeReplica();
            }
            Nodes nodes = new Nodes(children, pg, redis);
            ReadBackProbe probe = null;
            try {
                for (ScaleConfig.Topology t : config.topologies()) {
                    try {
                        List<BriskServer> running = nodes.arrange(t);
                        nginx.start(running.stream().map(Nodes::port).toList());
                        RunConfig rc = RunConfig.builder(nginx.baseUrl())
                                .label(t.label)
                                .users(config.users())
                                .duration(config.duration())
                                .warmup(config.warmup())
                                .timeout(Duration.ofSeconds(15))
                                .seed(config.seed())
                                .resetMonitoring(false)
                                .idempotencyKeys(true) // a client that must not lose a write; nginx resends keyed ones
                                .log(log)
                                .build();
                        var session = new LoadRunner(rc).setup(); // logins and id pools, once per topology
                        if (probe == null) {
                            probe = ReadBackProbe.create(
                                    nginx.baseUrl(), Logins.userEmail(1, true), Generator.PASSWORD);
                        }
                        Measure m = new Measure(nginx, pg, running, probe, t);
                        LoadRunner plain = new LoadRunner(rc);
                        rows.add(m.scenario(
                                "mixed load",
                                () -> plain.scenario(session, Scenario.HIGH_LOAD, LoadRunner.ScenarioOptions.DEFAULT),
                                null));
                        partial(started, rows, notes);
                        for (Fault f : faults(t, running, pg, redis, nginx)) {
                            LoadRunner faulty = new LoadRunner(rc.withHooks(f.hooks()));
                            // redis-down is the runner's mixed load with hooks at 1/3 and 2/3: here they inject this
                            // fault
                            rows.add(m.scenario(
                                    f.name,
                                    () -> faulty.scenario(
                                            session, Scenario.REDIS_DOWN, LoadRunner.ScenarioOptions.DEFAULT),
                                    f));
                            partial(started, rows, notes);
                        }
                    } catch (RuntimeException | java.io.IOException e) {
                        // one topology that cannot start (a node not healthy in time) must not lose the others' numbers
                        notes.add(t.label + ": not measured: "
                                + String.valueOf(e.getMessage())
                                        .lines()
                                        .findFirst()
                                        .orElse(""));
                        log.println("scale: " + t.label + " failed: " + e.getMessage());
                        nodes.stopAll();
                    }
                }
            } finally {
                if (probe != null) {
                    probe.close();
                }
                nodes.stopAll();
            }
        }
        return result(started, rows, notes);
    }

    private ScaleResult result(Instant started, List<ScaleResult.Row> rows, List<String> notes) {
        return new ScaleResult(
                started.toString(),
                ScaleResult.describeMachine(),
                config.size().name(),
                config.users(),
                config.duration().toSeconds(),
                List.copyOf(rows),
                List.copyOf(notes));
    }

    /** The report so far, after every scenario: a run that dies later keeps what it measured. */
    private void partial(Instant started, List<ScaleResult.Row> rows, List<String> notes) {
        try {
            ScaleResult r = result(started, rows, notes);
            r.writeJson(config.outDir().resolve("scale.json"));
            Files.writeString(config.outDir().resolve("scale.md"), r.markdown());
        } catch (java.io.IOException e) {
            log.println("scale: cannot write the partial report: " + e.getMessage());
        }
    }

    private List<Fault> faults(
            ScaleConfig.Topology t, List<BriskServer> running, PgPair pg, SentinelGroup redis, Nginx nginx) {
        List<Fault> out = new ArrayList<>();
        if (config.injects("node", t) && running.size() > 1) {
            out.add(Fault.killNode(running.get(running.size() - 1), nginx, config.startTimeout()));
        }
        if (config.injects("redis", t)) {
            out.add(Fault.killRedisMaster(redis, running));
        }
        if (config.injects("replica", t) && t.replica) {
            out.add(Fault.killReplica(pg, running));
        }
        return out;
    }

    /** The two node slots: started with a topology's settings, restarted when they change. */
    private final class Nodes {
        private final Children children;
        private final PgPair pg;
        private final SentinelGroup redis;
        private final BriskServer[] slots = new BriskServer[2];
        private final boolean[] withReplica = new boolean[2];
        private final int[] ports = {Children.freePort(), Children.freePort()};

        Nodes(Children children, PgPair pg, SentinelGroup redis) {
            this.children = children;
            this.pg = pg;
            this.redis = redis;
        }

        List<BriskServer> arrange(ScaleConfig.Topology t) throws Exception {
            List<BriskServer> out = new ArrayList<>();
            for (int i = 0; i < slots.length; i++) {
                boolean wanted = i < t.nodes;
                if (slots[i] != null && (!wanted || withReplica[i] != t.replica || !slots[i].alive())) {
                    slots[i].stop();
                    slots[i] = null;
                }
                if (wanted && slots[i] == null) {
                    slots[i] = node(i, t.replica);
                    double s = slots[i].start();
                    withReplica[i] = t.replica;
                    log.printf(
                            Locale.ROOT,
                            "scale: node %d%s healthy in %.1f s%n",
                            i + 1,
                            t.replica ? " (replica reads)" : "",
                            s);
                }
                if (wanted) {
                    out.add(slots[i]);
                }
            }
            return out;
        }

        private BriskServer node(int i, boolean replica) {
            List<String> cmd = new ArrayList<>();
            cmd.add(config.java());
            cmd.addAll(config.jvmArgs());
            cmd.addAll(List.of(
                    "-jar",
                    config.serverJar().toAbsolutePath().toString(),
                    "--server.port=" + ports[i],
                    "--spring.datasource.url=" + pg.primaryUrl(),
                    "--spring.datasource.username=postgres",
                    "--brisk.demo.seed=false",
                    "--brisk.cache.redis.sentinel-master=" + SentinelGroup.MASTER_NAME,
                    "--brisk.cache.redis.sentinel-nodes=" + redis.sentinelNodes()));
            if (replica) {
                cmd.add("--brisk.replicas.urls=" + pg.replicaUrl());
            }
            return new BriskServer(
                    "node-" + (i + 1),
                    cmd,
                    ports[i],
                    config.workDir().resolve("node-" + (i + 1) + ".log"),
                    config.startTimeout(),
                    children);
        }

        static int port(BriskServer node) {
            return Integer.parseInt(node.baseUrl().substring(node.baseUrl().lastIndexOf(':') + 1));
        }

        void stopAll() {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null) {
                    slots[i].stop();
                    slots[i] = null;
                }
            }
        }
    }

    /** Runs one scenario with the probe alongside and reads CPU and per-node counts around it. */
    private record Measure(
            Nginx nginx, PgPair pg, List<BriskServer> nodes, ReadBackProbe probe, ScaleConfig.Topology t) {

        ScaleResult.Row scenario(String name, java.util.function.Supplier<Results.Scenario> load, Fault fault)
                throws Exception {
            double load0 = ProcCpu.loadAverage();
            long mark = nginx.mark();
            Map<Integer, long[]> cpu0 = new LinkedHashMap<>();
            for (BriskServer n : nodes) {
                cpu0.put(Nodes.port(n), new long[] {n.pid(), ProcCpu.ticks(n.pid())});
            }
            long primary0 = ProcCpu.treeTicks(pg.primaryPid());
            long replica0 = t.replica ? ProcCpu.treeTicks(pg.replicaPid()) : 0;
            long t0 = System.nanoTime();
            probe.start();
            Results.Scenario s = load.get();
            ReadBackProbe.Result read = probe.stop();
            List<String> recovery = fault == null ? List.of() : fault.recovery();
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Long> byNodeStatus = nginx.countSince(mark);
            Map<String, ScaleResult.NodeCost> costs = new LinkedHashMap<>();
            for (BriskServer n : nodes) {
                int port = Nodes.port(n);
                long served = byNodeStatus.entrySet().stream()
                        .filter(e -> e.getKey().startsWith(port + " "))
                        .mapToLong(Map.Entry::getValue)
                        .sum();
                long[] before = cpu0.get(port);
                // a node killed and restarted in between: its first process's CPU is gone with it
                Double ms =
                        before[0] == n.pid() ? (ProcCpu.ticks(n.pid()) - before[1]) * ProcCpu.MILLIS_PER_TICK : null;
                costs.put(
                        n.baseUrl(),
                        new ScaleResult.NodeCost(served, ms, ms == null || served == 0 ? null : ms / served));
            }
            long total =
                    byNodeStatus.values().stream().mapToLong(Long::longValue).sum();
            Double primaryMs = perRequest(ProcCpu.treeTicks(pg.primaryPid()) - primary0, total);
            Double replicaMs = t.replica ? perRequest(ProcCpu.treeTicks(pg.replicaPid()) - replica0, total) : null;
            return new ScaleResult.Row(
                    t.label,
                    name,
                    Math.round(seconds * 10) / 10.0,
                    s.requests(),
                    s.errors(),
                    s.errorKinds(),
                    s.throughput(),
                    s.latency().p50(),
                    s.latency().p99(),
                    s.latency().max(),
                    byNodeStatus,
                    costs,
                    primaryMs,
                    replicaMs,
                    read,
                    recovery,
                    s.hooks(),
                    load0,
                    ProcCpu.loadAverage());
        }

        private static Double perRequest(long ticks, long requests) {
            return requests == 0 || ticks < 0 ? null : ticks * ProcCpu.MILLIS_PER_TICK / requests;
        }
    }
}
