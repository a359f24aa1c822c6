package dev.brisk.bench;

import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The load every scenario of {@code run} and {@code compare} is made of (a picocli mixin). Each
 * command gives its own users, duration and timeout: compare runs twice the users and waits far
 * longer per request, because baseline requests take tens of seconds at size M.
 */
final class LoadOptions {

    @Option(names = "--users", description = "concurrent virtual users (default ${DEFAULT-VALUE})")
    int users;

    @Option(names = "--duration", description = "measured time per scenario, e.g. 30s, 2m (default ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--timeout", description = "per request (default ${DEFAULT-VALUE})")
    String timeout;

    @Option(names = "--requests", description = "cold: how many first requests to record (default ${DEFAULT-VALUE})")
    int coldRequests = 200;

    @Option(
            names = "--redis-kill-at",
            description =
                    "redis-down / pg-restart: when the fault starts, fraction of --duration (default ${DEFAULT-VALUE})")
    double killAt = 0.333;

    @Option(
            names = "--redis-start-at",
            description = "redis-down / pg-restart: when it ends, fraction of --duration (default ${DEFAULT-VALUE})")
    double startAt = 0.667;

    LoadOptions(int users, String duration, String timeout) {
        this.users = users;
        this.duration = duration;
        this.timeout = timeout;
    }

    Duration duration() {
        return RunCommand.parseDuration(duration);
    }

    Duration timeout() {
        return RunCommand.parseDuration(timeout);
    }
}
