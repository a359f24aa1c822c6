package dev.brisk.support;

/** Stops what a test class started. */
public final class Cleanup {

    private Cleanup() {}

    /**
     * Closes each resource in order, skipping those that never started (null); all are closed even when one
     * fails, and the first failure is thrown afterwards with the others suppressed.
     */
    public static void closeAll(AutoCloseable... resources) {
        RuntimeException failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException("closing " + resource, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
