package dev.brisk.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Read-your-writes on the node that took the write. A write's notification reaches this node a
 * few milliseconds after the write commits; a client that reads right after its write response
 * could otherwise get the entry from before. So from the start of a write for an organization
 * until this node has heard a change for that organization after the write ended, that
 * organization's responses bypass the cache (no read, no store). A write that changed nothing
 * sends no notification: the bypass then ends after {@link #MAX_BYPASS_NANOS}.
 */
final class WriteFence {

    private static final long IN_PROGRESS = Long.MAX_VALUE;
    static final long MAX_BYPASS_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Per org: when the last write ended ({@link #IN_PROGRESS} while one runs). */
    private final Map<Long, Long> writes = new ConcurrentHashMap<>();
    /** Per org: when this node last heard a change. */
    private final Map<Long, Long> heard = new ConcurrentHashMap<>();

    void writeStarted(long orgId) {
        writes.put(orgId, IN_PROGRESS);
    }

    void writeEnded(long orgId) {
        writes.put(orgId, System.nanoTime());
    }

    void heard(long orgId) {
        heard.put(orgId, System.nanoTime());
    }

    void heardEverything() {
        writes.clear();
    }

    boolean bypass(long orgId) {
        Long write = writes.get(orgId);
        if (write == null) {
            return false;
        }
        long now = System.nanoTime();
        if (write != IN_PROGRESS && (heard.getOrDefault(orgId, Long.MIN_VALUE) > write || now - write > MAX_BYPASS_NANOS)) {
            writes.remove(orgId, write);
            return false;
        }
        return true;
    }
}
