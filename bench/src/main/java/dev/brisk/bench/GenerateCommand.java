package dev.brisk.bench;

import dev.brisk.datagen.Generator;
import dev.brisk.datagen.Progress;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        description = {
            "Load a deterministic data set with COPY (one transaction; migrates the base schema first).",
            "Sizes: TINY (the demo's size: 6.5 k orders, 2 orgs), S (10 k orders, 4 orgs), M (1 M orders, 200 k customers, 20 orgs), "
                    + "L (10 M orders, 2 M customers, 40 orgs).",
            "Logins: admin@org-N.bench (ADMIN) and member@org-N.bench (MEMBER), password " + Generator.PASSWORD + "."
        })
final class GenerateCommand implements Callable<Integer> {

    @Mixin
    DataSetOptions data = new DataSetOptions();

    @Mixin
    DatabaseLogin login = new DatabaseLogin();

    @Option(
            names = "--jdbc-url",
            defaultValue = "jdbc:postgresql://localhost:5432/brisk_bench",
            description = "database to fill (default ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(
            names = "--migrate",
            defaultValue = "BASE",
            description =
                    "BASE: server's db/migration; ALL: also db/optimized (indexes, views); NONE (default ${DEFAULT-VALUE})")
    Generator.Migrate migrate;

    @Option(names = "--reset", description = "replace the data if the database already holds some")
    boolean reset;

    @Option(
            names = "--vacuum",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description = "VACUUM ANALYZE after the load (default on; --no-vacuum skips it)")
    boolean vacuum;

    @Option(names = "--progress", defaultValue = "AUTO", description = "AUTO, BAR, LINES or NONE (stderr)")
    String progress;

    @Override
    public Integer call() throws Exception {
        Progress.Style style = progress.equalsIgnoreCase("AUTO")
                ? Progress.auto()
                : Progress.Style.valueOf(progress.toUpperCase(Locale.ROOT));
        var result = new Generator(new Generator.Options(
                        jdbcUrl,
                        login.user,
                        login.password,
                        data.size(),
                        data.seed,
                        data.asOf(),
                        migrate,
                        reset,
                        vacuum,
                        style,
                        System.err,
                        null))
                .generate();
        var out = System.out;
        out.printf(
                Locale.ROOT,
                "%nsize %s, seed %d, as of %s: loaded in %.1f s%n",
                result.size(),
                result.seed(),
                result.asOf(),
                result.totalSeconds());
        for (Map.Entry<String, Long> e : result.rows().entrySet()) {
            Double s = result.seconds().get(e.getKey());
            out.printf(
                    Locale.ROOT,
                    "  %-14s %,12d rows  %6.1f s  %,10.0f rows/s%n",
                    e.getKey(),
                    e.getValue(),
                    s,
                    s == null || s == 0 ? 0 : e.getValue() / s);
        }
        for (Map.Entry<String, Double> e : result.seconds().entrySet()) {
            if (!result.rows().containsKey(e.getKey())) {
                out.printf(Locale.ROOT, "  %-14s %6.1f s%n", e.getKey(), e.getValue());
            }
        }
        out.printf(
                Locale.ROOT,
                "logins (password %s): admin@org-1.bench .. admin@org-%d.bench (ADMIN), "
                        + "member@org-1.bench .. member@org-%d.bench (MEMBER), %s (OPERATOR: monitoring)%n",
                result.password(),
                result.size().orgs(),
                result.size().orgs(),
                Generator.OPERATOR_EMAIL);
        return 0;
    }
}
