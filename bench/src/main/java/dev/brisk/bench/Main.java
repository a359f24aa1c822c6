package dev.brisk.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * brisk-bench: {@code generate} loads a data set, {@code run} puts HTTP load on a running Brisk, {@code compare} runs
 * baseline against optimized, {@code stale-read} checks read-your-writes and staleness across nodes, {@code scale} runs
 * nodes behind nginx with faults.
 */
@Command(
        name = "brisk-bench",
        mixinStandardHelpOptions = true,
        version = "brisk-bench 0.1",
        description = "Brisk load harness: data generator (PostgreSQL COPY) and HTTP load runner.",
        subcommands = {
            GenerateCommand.class,
            RunCommand.class,
            CompareCommand.class,
            StalenessCommand.class,
            StaleReadCommand.class,
            ScaleCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI without exiting: for tests and for other commands that drive this one. */
    public static int execute(String... args) {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    // expected failures (no data, server down, bad option value): one line, no stack trace
                    if (e instanceof IllegalStateException
                            || e instanceof IllegalArgumentException
                            || e instanceof java.sql.SQLException) {
                        cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
                        return 1;
                    }
                    throw e;
                })
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
