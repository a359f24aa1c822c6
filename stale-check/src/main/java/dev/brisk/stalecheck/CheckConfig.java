package dev.brisk.stalecheck;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the checker runs against and for how long.
 *
 * @param nodes Brisk base URLs (two nodes, or one load balancer: then "the other node" is the same URL)
 * @param jdbcUrl the database the nodes share: probe data, the plain-SQL writer, the LISTEN kills
 * @param duration measured time
 * @param faultEvery time between faults, which alternate: LISTEN kill, Redis kill (and start
 *                   {@code redisDown} later); zero = no faults
 * @param redis how to kill and start the nodes' Redis; null = LISTEN kills only
 * @param log progress lines (one per fault); null = quiet
 */
public record CheckConfig(
        List<URI> nodes,
        String jdbcUrl,
        String dbUser,
        String dbPassword,
        Duration duration,
        Duration faultEvery,
        Duration redisDown,
        @Nullable RedisFaults redis,
        java.io.@Nullable PrintStream log) {

    public CheckConfig {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("nodes: at least one base URL");
        }
        nodes = List.copyOf(nodes);
    }

    /** Two nodes (or one), one minute, a fault every 8 s, Redis down for 2 s each time. */
    public static CheckConfig of(
            List<URI> nodes, String jdbcUrl, String dbUser, String dbPassword, @Nullable RedisFaults redis) {
        return new CheckConfig(
                nodes,
                jdbcUrl,
                dbUser,
                dbPassword,
                Duration.ofSeconds(60),
                Duration.ofSeconds(8),
                Duration.ofSeconds(2),
                redis,
                null);
    }

    public CheckConfig withDuration(Duration d) {
        return new CheckConfig(nodes, jdbcUrl, dbUser, dbPassword, d, faultEvery, redisDown, redis, log);
    }

    public CheckConfig withFaults(Duration every, Duration down) {
        return new CheckConfig(nodes, jdbcUrl, dbUser, dbPassword, duration, every, down, redis, log);
    }

    public CheckConfig withLog(java.io.PrintStream out) {
        return new CheckConfig(nodes, jdbcUrl, dbUser, dbPassword, duration, faultEvery, redisDown, redis, out);
    }

    /** Kills and restarts the Redis the nodes use (a process the caller owns). */
    public interface RedisFaults {
        void kill() throws Exception;

        void start() throws Exception;
    }
}
