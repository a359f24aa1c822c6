package dev.brisk.bench.run;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/** Runs the kill/start hooks (Redis, PostgreSQL) at their fractions of the measured time, on a thread of their own. */
final class Hooks {

    private final RunConfig config;
    private final PrintStream log;

    Hooks(RunConfig config) {
        this.config = config;
        this.log = config.log();
    }

    Thread start(long start, List<Results.HookEvent> events, String what) {
        RunConfig.Hooks h = config.hooks();
        long duration = config.duration().toNanos();
        return Thread.ofPlatform().name("hooks").daemon().start(() -> {
            runAt(
                    what + "-" + (what.equals("pg") ? "stop" : "kill"),
                    h.kill(),
                    start + (long) (duration * h.killAt()),
                    start,
                    events);
            if (h.start() != null) {
                runAt(what + "-start", h.start(), start + (long) (duration * h.startAt()), start, events);
            }
        });
    }

    private void runAt(String name, RunConfig.Hook hook, long at, long start, List<Results.HookEvent> events) {
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
        double atSecond = Rounding.round3((t - start) / 1e9);
        double took = Rounding.round3((System.nanoTime() - t) / 1e9);
        log.printf(Locale.ROOT, "  %s at %.1f s (%.2f s)%s%n", name, atSecond, took, error == null ? "" : ": " + error);
        events.add(new Results.HookEvent(
                name, hook instanceof ShellHook s ? s.command() : null, atSecond, took, error == null, error));
    }
}
