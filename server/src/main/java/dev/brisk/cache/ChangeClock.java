package dev.brisk.cache;

import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;

/**
 * Which change numbers ({@code brisk_change_seq}) this node has heard. Notifications arrive in
 * commit order, not number order, so "heard n" means n itself was heard, not a higher number.
 * Everything at or below the floor counts as heard: the number the sequence stood at when this
 * node (re)started listening (older changes committed before that, or are heard as they commit),
 * raised as the bounded set of heard numbers lets its oldest go.
 */
final class ChangeClock {

    private static final int MAX_REMEMBERED = 100_000;

    private final ConcurrentSkipListSet<Long> heard = new ConcurrentSkipListSet<>();
    private final Object signal = new Object();
    private volatile long floor = Long.MAX_VALUE; // nothing is known until the listener reports where it started

    void listeningFrom(long sequenceValue) {
        floor = floor == Long.MAX_VALUE ? sequenceValue : Math.max(floor, sequenceValue);
        heard.headSet(floor, true).clear();
        wake();
    }

    void heard(long seq) {
        if (seq > floor || floor == Long.MAX_VALUE) {
            heard.add(seq);
            while (heard.size() > MAX_REMEMBERED) {
                Long oldest = heard.pollFirst();
                if (oldest != null && floor != Long.MAX_VALUE) {
                    floor = Math.max(floor, oldest);
                }
            }
        }
        wake();
    }

    boolean hasHeard(long seq) {
        long f = floor;
        return (f != Long.MAX_VALUE && seq <= f) || heard.contains(seq);
    }

    /** Waits up to {@code maxNanos} for {@code seq} to be heard; true if it was. */
    boolean awaitHeard(long seq, long maxNanos) {
        if (hasHeard(seq)) {
            return true;
        }
        long deadline = System.nanoTime() + maxNanos;
        synchronized (signal) {
            while (!hasHeard(seq)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return hasHeard(seq);
                }
            }
            return true;
        }
    }

    /** The highest number heard, for diagnostics (0 before any). */
    long highest() {
        Long last = heard.isEmpty() ? null : heard.last();
        return last == null ? (floor == Long.MAX_VALUE ? 0 : floor) : last;
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }
}
