package dev.brisk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/** The psql client and plain JDBC against the local PostgreSQL, for the tests of the standalone scripts. */
public final class Psql {

    /** What {@code psql -f} printed and how it exited. */
    public record Run(int exitCode, String output) {}

    private Psql() {}

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("psql", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** {@code psql -f script} with {@code ON_ERROR_STOP}, as an operator would run it; a run that exits 0 printed no ERROR. */
    public static Run file(String db, Path script) throws Exception {
        Process p = new ProcessBuilder(
                        "psql",
                        "-X",
                        "-q",
                        "-h",
                        "localhost",
                        "-U",
                        "postgres",
                        "-d",
                        db,
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-f",
                        script.toString())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        if (p.exitValue() == 0) {
            assertThat(output).as("psql -f %s", script).doesNotContainIgnoringCase("ERROR");
        }
        return new Run(p.exitValue(), output);
    }

    /** One statement as postgres over JDBC, e.g. {@code CREATE DATABASE}. */
    public static void execute(String db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(VolumeDatabase.SERVER + db, "postgres", "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
