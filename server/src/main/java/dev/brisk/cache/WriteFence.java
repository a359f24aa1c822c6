package dev.brisk.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes on the node that took the write, for clients that send nothing back (see
 * {@link ReadYourWrites} for the others). A successful write records the change number its
 * transaction got from the database ({@link ChangeNumbers}); until this node has heard that
 * number, the user's reads wait for it briefly and else bypass the response cache. No timer: the
 * fence lifts the moment the notification is heard, and a write that changed nothing (no number)
 * or failed fences nothing. Other users of the organization keep the cache throughout.
 */
final class WriteFence {

    private final ChangeClock clock;
    /** Per user: the highest change number of the user's acknowledged writes not yet heard here. */
    private final Map<Long, Long> pending = new ConcurrentHashMap<>();

    WriteFence(ChangeClock clock) {
        this.clock = clock;
    }

    /** {@code seq}: the write's change number, 0 if it changed nothing; {@code failed}: rejected or rolled back. */
    void writeEnded(long userId, long seq, boolean failed) {
        if (!failed && seq > 0 && !clock.hasHeard(seq)) {
            pending.merge(userId, seq, Math::max);
        }
    }

    /** The change number the user's reads must wait for here, or 0. */
    long awaited(long userId) {
        Long seq = pending.get(userId);
        if (seq == null) {
            return 0;
        }
        if (clock.hasHeard(seq)) {
            pending.remove(userId, seq);
            return 0;
        }
        return seq;
    }

    /** Bounded memory: drop users whose number has been heard (called on each notification batch). */
    void prune() {
        if (pending.size() > 1_000) {
            pending.values().removeIf(clock::hasHeard);
        }
    }
}
