package dev.brisk.cache.internal;

/**
 * What the in-process tiers hold: the value itself ({@code null} = the loader found nothing) and
 * the time it may live in Caffeine, drawn when it was stored.
 */
public record Entry(Object value, long ttlNanos) {

    public boolean absent() {
        return value == null;
    }
}
