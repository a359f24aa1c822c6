package dev.brisk.stalecheck;

import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The checker's figures. Staleness of another user's read: how long before it was sent the first
 * write newer than what it returned had been acknowledged (0 stale reads = no such read).
 * Write-to-visible: from a write's acknowledgement until the send time of another user's first
 * read through another node that returned it (a poller started at the acknowledgement). Failed
 * requests: any of the checker's requests that did not answer 200 (its writers retry another write).
 */
public record StaleReadReport(
        double seconds,
        long writes,
        long failedRequests,
        List<String> firstFailures,
        long listenerKills,
        long redisRestarts,
        long ownReads,
        List<String> ownStale,
        long otherReads,
        long otherStale,
        long otherStaleAfterFault,
        @Nullable Quantiles staleness,
        long staleOver100ms,
        @Nullable Quantiles writeToVisible,
        long neverVisible,
        long pollsThatSawOldValue) {

    /** Milliseconds. */
    public record Quantiles(long samples, double p50, double p99, double max) {

        static @Nullable Quantiles of(List<Long> sortedNanos) {
            if (sortedNanos.isEmpty()) {
                return null;
            }
            return new Quantiles(
                    sortedNanos.size(), at(sortedNanos, 0.50), at(sortedNanos, 0.99), sortedNanos.getLast() / 1e6);
        }

        private static double at(List<Long> sorted, double q) {
            return sorted.get(Math.min(sorted.size() - 1, Math.max(0, (int) Math.ceil(q * sorted.size()) - 1))) / 1e6;
        }

        String text() {
            return String.format(Locale.ROOT, "%.1f / %.1f / %.1f (%,d)", p50, p99, max, samples);
        }
    }

    /** The issue-13 targets: no own stale read, others ≤ 100 ms stale, write-to-visible p99 ≤ 50 ms. */
    public boolean ownReadsFresh() {
        return ownStale.isEmpty();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder("| measure | value | target |\n|---|---|---|\n");
        row(
                md,
                "run",
                String.format(
                        Locale.ROOT,
                        "%.0f s, %,d acknowledged writes (API through every node, plain SQL); faults: "
                                + "%d LISTEN kills, %d Redis kill/restarts",
                        seconds,
                        writes,
                        listenerKills,
                        redisRestarts),
                "");
        row(
                md,
                "failed requests (not 200, or no answer)",
                failedRequests + (firstFailures.isEmpty() ? "" : ": " + String.join("; ", firstFailures)),
                "0");
        row(
                md,
                "writer's own reads through another node, change number sent back",
                String.format(Locale.ROOT, "%,d, stale: **%d**", ownReads, ownStale.size()),
                "0 stale");
        row(
                md,
                "other users' reads",
                String.format(
                        Locale.ROOT,
                        "%,d, older than the newest acknowledged write: %,d "
                                + "(%,d of them within 5 s after a fault)",
                        otherReads,
                        otherStale,
                        otherStaleAfterFault),
                "");
        row(
                md,
                "their staleness p50 / p99 / max ms (stale reads)",
                staleness == null ? "–" : staleness.text(),
                "≤ 100 ms");
        row(md, "other users' reads staler than 100 ms", Long.toString(staleOver100ms), "0");
        row(
                md,
                "write-to-visible on another node p50 / p99 / max ms (writes)",
                (writeToVisible == null ? "–" : writeToVisible.text())
                        + (neverVisible > 0 ? ", " + neverVisible + " not within 5 s" : "")
                        + String.format(Locale.ROOT, "; polls that still saw the old value: %,d", pollsThatSawOldValue),
                "p99 ≤ 50 ms");
        if (!ownStale.isEmpty()) {
            row(md, "first own stale reads", String.join("; ", ownStale.subList(0, Math.min(5, ownStale.size()))), "");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String name, String value, String target) {
        md.append("| ")
                .append(name)
                .append(" | ")
                .append(value)
                .append(" | ")
                .append(target)
                .append(" |\n");
    }
}
