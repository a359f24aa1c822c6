package dev.brisk.bench.scale;

import dev.brisk.bench.compare.BriskServer;
import dev.brisk.bench.run.RunConfig;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * One fault injected at 1/3 of a mixed-load scenario and repaired at 2/3, with watchers that time the
 * recovery (written to {@link #recovery()}): SIGKILL of a node and a restart of it; SIGKILL of the Redis
 * master (the Sentinels promote the replica; the old master comes back as a replica); {@code pg_ctl stop
 * -m immediate} of the streaming replica and a start of it.
 */
final class Fault {

    private static final long WATCH_NANOS = 90_000_000_000L;

    final String name;
    private final RunConfig.Hook kill;
    private final RunConfig.Hook repair;
    private final List<String> recovery = new CopyOnWriteArrayList<>();
    private final List<Thread> watchers = new CopyOnWriteArrayList<>();
    private volatile long killedAt;
    private java.time.Duration watchLimit = java.time.Duration.ofMinutes(2);

    private Fault(String name, RunConfig.Hook kill, RunConfig.Hook repair) {
        this.name = name;
        this.kill = kill;
        this.repair = repair;
    }

    RunConfig.Hooks hooks() {
        return new RunConfig.Hooks(
                () -> {
                    killedAt = System.nanoTime();
                    kill.run();
                },
                repair,
                1 / 3.0,
                2 / 3.0);
    }

    /**
     * Waits for the watchers (two minutes at most each, a node's start timeout and a minute for a node
     * kill, so the next scenario starts with every node back) and returns what they measured.
     */
    List<String> recovery() throws InterruptedException {
        for (int i = 0; i < watchers.size(); i++) { // by index: a watcher may start another one
            if (!watchers.get(i).join(watchLimit)) {
                recovery.add(
                        "still recovering " + watchLimit.toSeconds() + " s after the scenario ended (not waited for)");
            }
        }
        return List.copyOf(recovery);
    }

    /** Polls {@code condition} from now on and records the seconds since the kill when it first holds. */
    private void watch(String what, BooleanSupplier condition) {
        watch(what, condition, () -> ": not within 90 s");
    }

    /** The same, with the note recorded when {@code condition} has not held within 90 s. */
    private void watch(String what, BooleanSupplier condition, java.util.function.Supplier<String> timedOut) {
        watchers.add(Thread.ofVirtual().start(() -> {
            long deadline = System.nanoTime() + WATCH_NANOS;
            while (System.nanoTime() < deadline) {
                if (condition.getAsBoolean()) {
                    recovery.add(String.format(
                            Locale.ROOT, "%s %.1f s after the kill", what, (System.nanoTime() - killedAt) / 1e9));
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
            recovery.add(what + timedOut.get());
        }));
    }

    /**
     * Polls a health component of every node: records when each has left UP and when all that answer are UP
     * again (or that none left UP: the fault never reached that component).
     */
    private void watchNodes(List<BriskServer> nodes, String component, String what) {
        boolean[] left = new boolean[nodes.size()];
        watch(
                what,
                () -> {
                    boolean allBack = true;
                    boolean anyLeft = false;
                    int answering = 0;
                    for (int i = 0; i < nodes.size(); i++) {
                        String status = nodes.get(i).componentStatus(component);
                        if (status == null) {
                            continue; // a node that does not answer (still starting after a kill) has no say
                        }
                        answering++;
                        boolean up = "UP".equals(status);
                        left[i] |= !up;
                        anyLeft |= left[i];
                        allBack &= up;
                    }
                    return anyLeft && allBack && answering > 0;
                },
                () -> {
                    for (boolean b : left) {
                        if (b) {
                            return ": not within 90 s";
                        }
                    }
                    return ": no node's " + component + " health ever left UP";
                });
    }

    /**
     * SIGKILL of {@code victim}; at 2/3 it is started again (in the background: a start takes a while).
     * Recovery is the node healthy again and then back in rotation: the first request nginx logs as
     * answered by it (nginx tries a failed server again after {@code fail_timeout}), with a readiness GET
     * through nginx every 200 ms (counted with the scenario's requests) in case the load has ended.
     */
    static Fault killNode(BriskServer victim, Nginx nginx, java.time.Duration startTimeout) {
        Fault[] self = new Fault[1];
        String port = victim.baseUrl().substring(victim.baseUrl().lastIndexOf(':') + 1);
        self[0] = new Fault(
                "kill a node",
                victim::kill,
                () -> self[0].watchers.add(Thread.ofVirtual().start(() -> {
                    try {
                        victim.start();
                        long healthy = System.nanoTime();
                        long mark = nginx.mark();
                        self[0].recovery.add(String.format(
                                Locale.ROOT,
                                "killed node healthy again %.1f s after the kill (restarted at 2/3 of the run)",
                                (healthy - self[0].killedAt) / 1e9));
                        // the scenario's load may be over by now: the watcher sends its own GETs through nginx
                        self[0].watch("killed node back in rotation (nginx's first answer from it)", () -> {
                            nginx.get("/actuator/health/readiness");
                            return answeredBy(nginx, mark, port);
                        });
                    } catch (Exception e) {
                        self[0].recovery.add("killed node did not start again: " + e.getMessage());
                    }
                })));
        self[0].watchLimit = startTimeout.plusMinutes(1);
        return self[0];
    }

    private static boolean answeredBy(Nginx nginx, long mark, String port) {
        try {
            return nginx.countSince(mark).keySet().stream().anyMatch(k -> k.startsWith(port + " 2"));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** SIGKILL of the Sentinel group's master; at 2/3 the old master starts again as a replica. */
    static Fault killRedisMaster(SentinelGroup redis, List<BriskServer> nodes) {
        Fault[] self = new Fault[1];
        self[0] = new Fault(
                "kill the Redis master",
                () -> {
                    redis.killMaster();
                    self[0].watch("replica promoted (Sentinels name a new master)", redis::failedOver);
                    self[0].watchNodes(nodes, "cache", "every node's cache UP again");
                },
                redis::restartKilled);
        return self[0];
    }

    /** pg_ctl stop -m immediate of the replica; at 2/3 it starts again. */
    static Fault killReplica(PgPair pg, List<BriskServer> nodes) {
        Fault[] self = new Fault[1];
        self[0] = new Fault(
                "kill the replica",
                () -> {
                    pg.killReplica();
                    self[0].watchNodes(nodes, "replicas", "every node's replicas UP again (replica restarted at 2/3)");
                },
                pg::startReplica);
        return self[0];
    }
}
