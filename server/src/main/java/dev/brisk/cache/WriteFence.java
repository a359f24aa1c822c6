package dev.brisk.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Read-your-writes on the node that took the write. A write's notification reaches this node a
 * few milliseconds after the write commits; a client that reads right after its write response
 * could otherwise get the entry from before. So from the start of a user's write until this node
 * has heard a change for the user's organization after the write ended, that user's responses
 * bypass the cache (no read, no store). Other users of the organization keep the cache: they see
 * the write as soon as its notification arrives, like readers on every other node. A write that
 * failed changed nothing and lifts the fence at once; one that succeeded without a notification
 * (nothing changed) lifts it after {@link #MAX_BYPASS_NANOS}.
 */
final class WriteFence {

    private static final long IN_PROGRESS = Long.MAX_VALUE;
    static final long MAX_BYPASS_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Per user: when the user's last write ended ({@link #IN_PROGRESS} while one runs). */
    private final Map<Long, Long> writes = new ConcurrentHashMap<>();
    /** Per org: when this node last heard a change. */
    private final Map<Long, Long> heard = new ConcurrentHashMap<>();

    void writeStarted(long userId) {
        writes.put(userId, IN_PROGRESS);
    }

    /** {@code failed}: the write was rejected or rolled back, so there is nothing to wait for. */
    void writeEnded(long userId, boolean failed) {
        if (failed) {
            writes.remove(userId, IN_PROGRESS);
        } else {
            writes.put(userId, System.nanoTime());
        }
    }

    void heard(long orgId) {
        heard.put(orgId, System.nanoTime());
    }

    void heardEverything() {
        writes.clear();
    }

    boolean bypass(long userId, long orgId) {
        Long write = writes.get(userId);
        if (write == null) {
            return false;
        }
        long now = System.nanoTime();
        if (write != IN_PROGRESS && (heard.getOrDefault(orgId, Long.MIN_VALUE) > write || now - write > MAX_BYPASS_NANOS)) {
            writes.remove(userId, write);
            return false;
        }
        return true;
    }
}
