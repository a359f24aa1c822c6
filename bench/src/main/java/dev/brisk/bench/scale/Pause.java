package dev.brisk.bench.scale;

/** Sleeps between polls; an interrupt ends the run. */
final class Pause {

    private Pause() {}

    static void ms(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
