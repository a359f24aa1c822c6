package dev.brisk.bench.compare;

/** Pauses between polls of a server the comparison started. */
final class Waits {

    private Waits() {}

    /** Sleeps; an interrupt ends the comparison. */
    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
