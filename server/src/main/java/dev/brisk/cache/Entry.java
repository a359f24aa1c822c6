package dev.brisk.cache;

/**
 * What the in-process tiers hold: the value itself ({@code null} = the loader found nothing) and
 * the time it may live in Caffeine, drawn when it was stored.
 */
record Entry(Object value, long ttlNanos) {

    boolean absent() {
        return value == null;
    }
}
