package dev.brisk.bench;

import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The PostgreSQL login of every command that talks to the database directly (a picocli mixin). */
final class DatabaseLogin {

    @Option(names = "--db-user", defaultValue = "postgres", description = "default ${DEFAULT-VALUE}")
    String user = "postgres";

    @Option(names = "--db-password", description = "default: none")
    @Nullable
    String password;
}
