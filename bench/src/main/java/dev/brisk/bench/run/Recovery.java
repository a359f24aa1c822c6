package dev.brisk.bench.run;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fault scenarios' summary (redis-down, pg-restart): failures per second while the dependency was
 * away, failures by kind (HTTP status for 5xx), and the time to recover: from the moment the start
 * command returned to the end of the last second that still had failures.
 */
public record Recovery(
        double stoppedAt,
        double startedAt,
        long failures,
        long maxFailuresPerSecond,
        double meanFailuresPerSecond,
        Map<String, Long> byKind,
        double secondsToRecover) {

    public static Recovery of(Results.Scenario s) {
        List<Results.HookEvent> hooks = s.hooks();
        double stopped = hooks.isEmpty() ? 0 : hooks.getFirst().atSecond();
        double started = hooks.size() < 2
                ? stopped
                : hooks.get(1).atSecond() + hooks.get(1).tookSeconds();
        long failures = 0;
        long max = 0;
        int failingSeconds = 0;
        int lastFailing = -1;
        for (Results.TimelinePoint p : s.timeline()) {
            failures += p.errors();
            max = Math.max(max, p.errors());
            if (p.errors() > 0) {
                failingSeconds++;
                lastFailing = p.second();
            }
        }
        double recover = lastFailing < 0 ? 0 : Math.max(0, lastFailing + 1 - started);
        return new Recovery(
                stopped,
                started,
                failures,
                max,
                failingSeconds == 0 ? 0 : (double) failures / failingSeconds,
                new TreeMap<>(s.errorKinds()),
                Rounding.round3(recover));
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "stopped at %.1f s, started by %.1f s; %d failures (max %d/s, mean %.1f/s over"
                        + " failing seconds), by kind %s; recovered %.1f s after the start",
                stoppedAt,
                startedAt,
                failures,
                maxFailuresPerSecond,
                meanFailuresPerSecond,
                byKind,
                secondsToRecover);
    }
}
