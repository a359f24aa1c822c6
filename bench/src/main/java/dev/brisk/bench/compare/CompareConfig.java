package dev.brisk.bench.compare;

import dev.brisk.bench.run.Scenario;
import dev.brisk.datagen.Size;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One {@code compare} run.
 *
 * @param jdbcServer PostgreSQL server URL without a database, e.g. {@code jdbc:postgresql://localhost:5432/}
 * @param database the data set's database (the template); the modes get {@code <database>_baseline}
 *                 and {@code <database>_optimized}
 * @param reuse keep the data set already in {@code database} (it must be of {@code size}); false = generate it anew
 * @param asOf end of the data window; null = today 00:00 UTC
 * @param java the java executable for the servers
 * @param jvmArgs JVM flags for both servers (recorded in the report)
 * @param warmup unrecorded load before each scenario but cold
 * @param deepCursorTime time limit of the deep-cursor walk per mode (zero: no walk)
 * @param dashboardAloneTime time limit of the one-user dashboard probe per mode (zero: none)
 * @param outDir JSON result and server / Redis logs
 * @param report markdown file whose generated section is replaced (created when missing)
 * @param chartsDir where the PNG charts go (the report links them relative to itself)
 * @param dropDatabases drop the three databases at the end (tests); the CLI keeps them for --reuse
 */
public record CompareConfig(
        String jdbcServer,
        String dbUser,
        String dbPassword,
        String database,
        Size size,
        long seed,
        Instant asOf,
        boolean reuse,
        Path serverJar,
        String java,
        List<String> jvmArgs,
        String redisServer,
        List<Scenario> scenarios,
        int users,
        Duration duration,
        Duration warmup,
        int coldRequests,
        Duration timeout,
        Duration deepCursorTime,
        int deepCursorPages,
        Duration dashboardAloneTime,
        double redisKillAt,
        double redisStartAt,
        Path outDir,
        Path report,
        Path chartsDir,
        Duration startTimeout,
        boolean dropDatabases,
        PrintStream log) {

    /** The seed's scenarios plus the cached dashboard, floor last; alternating modes. */
    public static final List<Scenario> DEFAULT_SCENARIOS = List.of(
            Scenario.COLD,
            Scenario.WARM,
            Scenario.HIGH_LOAD,
            Scenario.CACHE_MISS,
            Scenario.REDIS_DOWN,
            Scenario.DASHBOARD,
            Scenario.FLOOR);

    /** Fixed so that both modes and every run get the same JVM; recorded in the report. */
    public static final List<String> DEFAULT_JVM_ARGS =
            List.of("-Xms512m", "-Xmx1g", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

    public CompareConfig {
        Objects.requireNonNull(jdbcServer);
        Objects.requireNonNull(database);
        Databases.checkName(database);
        Objects.requireNonNull(size);
        Objects.requireNonNull(serverJar);
        scenarios = List.copyOf(scenarios);
        jvmArgs = List.copyOf(jvmArgs);
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("no scenarios");
        }
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1");
        }
        if (!(redisKillAt >= 0 && redisKillAt <= redisStartAt && redisStartAt <= 1)) {
            throw new IllegalArgumentException("need 0 <= redis kill at <= redis start at <= 1");
        }
        if (log == null) {
            log = System.err;
        }
    }

    String baselineDatabase() {
        return database + "_baseline";
    }

    String optimizedDatabase() {
        return database + "_optimized";
    }
}
