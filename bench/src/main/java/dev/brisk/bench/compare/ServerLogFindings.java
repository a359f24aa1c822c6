package dev.brisk.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Notes for the report read from the servers' logs of a run: refused connections, out-of-memory
 * errors, ERROR lines. Computed again each time a report is written, so they are never stored.
 */
public final class ServerLogFindings {

    private ServerLogFindings() {}

    /** Whether a note is one of {@link #of} (they are computed from the logs each time a report is written). */
    public static boolean isFinding(String note) {
        return note.startsWith("The baseline server") || note.startsWith("The optimized server");
    }

    /**
     * What the servers' logs in {@code dir} say that the report should: connections PostgreSQL
     * refused, out-of-memory errors, and how many ERROR lines there were.
     */
    public static List<String> of(Path dir) {
        List<String> out = new ArrayList<>();
        for (String mode : List.of(Compare.BASELINE, Compare.OPTIMIZED)) {
            Path log = dir.resolve(mode + "-server.log");
            if (!Files.isRegularFile(log)) {
                continue;
            }
            long refused = 0;
            long errors = 0;
            long oom = 0;
            try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (line.startsWith("---- start ")) {
                        continue; // the harness's own line with the command (-XX:+ExitOnOutOfMemoryError)
                    }
                    if (line.contains("sorry, too many clients already")) {
                        refused++;
                    }
                    if (line.contains(" ERROR ")) {
                        errors++;
                    }
                    if (line.contains("OutOfMemoryError")) {
                        oom++;
                    }
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                continue;
            }
            if (refused > 0) {
                out.add(String.format(
                        Locale.ROOT,
                        "The %s server's log shows PostgreSQL refusing %d connection%s (\"sorry, too many "
                                + "clients already\"): max_connections is shared with everything else on this PostgreSQL server, and %s",
                        mode,
                        refused,
                        refused == 1 ? "" : "s",
                        mode.equals(Compare.BASELINE)
                                ? "baseline opens a new connection for every request."
                                : "the optimized server holds a pool."));
            }
            if (oom > 0) {
                out.add("The " + mode + " server's log mentions OutOfMemoryError " + oom + " times.");
            }
            if (errors > 0) {
                out.add("The " + mode + " server logged " + errors + " ERROR line" + (errors == 1 ? "" : "s") + " ("
                        + log.getFileName() + " in the run's output directory).");
            }
        }
        return out;
    }
}
