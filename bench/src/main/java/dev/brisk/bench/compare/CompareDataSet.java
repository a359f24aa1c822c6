package dev.brisk.bench.compare;

import dev.brisk.datagen.Generator;
import dev.brisk.datagen.Progress;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;

/** The compared data set: one template database and its baseline and optimized clones. */
final class CompareDataSet {

    private final CompareConfig config;
    private final PrintStream log;

    CompareDataSet(CompareConfig config, PrintStream log) {
        this.config = config;
        this.log = log;
    }

    /**
     * Generates the data set into {@code config.database()} with the base migrations (or reuses it
     * under --reuse), clones it into the baseline and optimized databases, and migrates and
     * analyzes the optimized clone.
     */
    CompareResult.Data prepare(Databases dbs) throws SQLException {
        long t0 = System.nanoTime();
        String template = config.database();
        String identity = "brisk-bench compare data set: size " + config.size() + ", seed " + config.seed();
        boolean generated;
        Double generateSeconds = null;
        String asOf;
        if (config.reuse() && dbs.exists(template)) {
            String comment = dbs.comment(template);
            if (comment == null || !comment.startsWith(identity + ",")) {
                throw new IllegalStateException("--reuse: " + template + " holds "
                        + (comment == null ? "no compare data set" : "\"" + comment + "\"") + ", not size "
                        + config.size() + " seed " + config.seed()
                        + "; run without --reuse to generate it");
            }
            asOf = comment.substring(comment.lastIndexOf("as of ") + 6);
            generated = false;
            log.printf(Locale.ROOT, "reusing %s (%s)%n", template, comment);
        } else {
            if (config.reuse()) {
                log.printf(Locale.ROOT, "--reuse: %s does not exist yet, generating it%n", template);
            }
            dbs.create(template);
            Generator.Result g = new Generator(new Generator.Options(
                            dbs.url(template),
                            config.dbUser(),
                            config.dbPassword(),
                            config.size(),
                            config.seed(),
                            config.asOf(),
                            Generator.Migrate.BASE,
                            false,
                            true,
                            Progress.auto(),
                            log,
                            null))
                    .generate();
            generateSeconds = Machine.round2(g.totalSeconds());
            asOf = g.asOf().toString();
            dbs.comment(template, identity + ", as of " + asOf);
            generated = true;
            log.printf(Locale.ROOT, "generated size %s into %s in %.1f s%n", config.size(), template, g.totalSeconds());
        }
        Map<String, Long> rows = dbs.rowCounts(template);
        long bytes = dbs.sizeBytes(template);

        log.printf(
                Locale.ROOT, "cloning %s -> %s, %s%n", template, config.baselineDatabase(), config.optimizedDatabase());
        dbs.cloneOf(template, config.baselineDatabase());
        dbs.cloneOf(template, config.optimizedDatabase());
        long tm = System.nanoTime();
        String migrated =
                Generator.migrate(dbs.url(config.optimizedDatabase()), config.dbUser(), config.dbPassword(), true);
        dbs.analyze(config.optimizedDatabase());
        log.printf(Locale.ROOT, "optimized clone: %s, ANALYZE, %.1f s%n", migrated, (System.nanoTime() - tm) / 1e9);

        return new CompareResult.Data(
                config.size().toString(),
                config.seed(),
                asOf,
                generated,
                generateSeconds,
                dbs.serverVersion(),
                template,
                bytes,
                rows,
                config.baselineDatabase(),
                dbs.migrations(config.baselineDatabase()),
                dbs.secondaryIndexes(config.baselineDatabase()),
                dbs.materializedViews(config.baselineDatabase()),
                config.optimizedDatabase(),
                dbs.migrations(config.optimizedDatabase()),
                dbs.secondaryIndexes(config.optimizedDatabase()),
                dbs.materializedViews(config.optimizedDatabase()),
                Machine.round2((System.nanoTime() - t0) / 1e9));
    }
}
