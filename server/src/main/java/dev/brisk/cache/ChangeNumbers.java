package dev.brisk.cache;

import dev.brisk.platform.StatementListener;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * Learns the change number of each write this thread makes, without another round trip: the
 * change trigger (V20) raises {@code NOTICE 'brisk_change_seq=<n>'} on Brisk's connections, which
 * the driver attaches to the statement as a warning. A request keeps the highest number its
 * statements got ({@link #start()} / {@link #finish()} around the request).
 */
final class ChangeNumbers implements StatementListener {

    private static final String PREFIX = "brisk_change_seq=";
    private static final ThreadLocal<long[]> CURRENT = new ThreadLocal<>();

    static void start() {
        CURRENT.set(new long[1]);
    }

    /** The highest change number since {@link #start()} (0 if none), and stops recording. */
    static long finish() {
        long[] seq = CURRENT.get();
        CURRENT.remove();
        return seq == null ? 0 : seq[0];
    }

    @Override
    public void afterStatement(Statement statement, String sql, long nanos, @Nullable Throwable failure) {
        long[] current = CURRENT.get();
        if (current == null) {
            return;
        }
        try {
            for (SQLWarning w = statement.getWarnings(); w != null; w = w.getNextWarning()) {
                String message = w.getMessage();
                if (message != null && message.startsWith(PREFIX)) {
                    current[0] = Math.max(
                            current[0],
                            Long.parseLong(message.substring(PREFIX.length()).strip()));
                }
            }
        } catch (SQLException | NumberFormatException e) {
            // a closed statement or a foreign notice: no number learnt, the read falls back to waiting for nothing
        }
    }
}
