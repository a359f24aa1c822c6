package dev.brisk.bench.run;

import java.util.concurrent.TimeUnit;

/**
 * Runs {@code sh -c command} with its output on the runner's stderr (stdout carries the report);
 * fails on a non-zero exit or after 60 s. A command may leave a daemon behind ({@code redis-server ... &}).
 */
public record ShellHook(String command) implements RunConfig.Hook {

    @Override
    public void run() throws Exception {
        java.io.File stderr = new java.io.File("/dev/stderr");
        Process p = new ProcessBuilder("sh", "-c", command)
                .redirectOutput(
                        stderr.exists() ? ProcessBuilder.Redirect.appendTo(stderr) : ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("still running after 60 s: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("exit " + p.exitValue() + ": " + command);
        }
    }

    @Override
    public String toString() {
        return command;
    }
}
