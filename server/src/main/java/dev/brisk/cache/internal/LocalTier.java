package dev.brisk.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.brisk.cache.internal.CacheMetrics.Eviction;

/**
 * The in-process tier of one namespace: Caffeine, bounded in entries, each entry living for the
 * TTL drawn when it was stored; evictions by size or age are counted.
 */
final class LocalTier {

    private final Cache<String, Entry> cache;

    LocalTier(long maxEntries, CacheMetrics.Ns stats) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<String, Entry>() {
                    @Override
                    public long expireAfterCreate(String key, Entry entry, long currentTime) {
                        return entry.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
                        return entry.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .evictionListener((String key, Entry entry, RemovalCause cause) ->
                        stats.evicted(cause == RemovalCause.SIZE ? Eviction.SIZE : Eviction.EXPIRED, 1))
                .build();
    }

    Entry get(String rk) {
        return cache.getIfPresent(rk);
    }

    void put(String rk, Entry e) {
        cache.put(rk, e);
    }

    /** Removes whatever {@code rk} holds; true if it held something. */
    boolean remove(String rk) {
        return cache.asMap().remove(rk) != null;
    }

    /** Removes {@code rk} only while it still holds {@code e}. */
    void remove(String rk, Entry e) {
        cache.asMap().remove(rk, e);
    }

    long size() {
        return cache.estimatedSize();
    }

    /** Empties the tier; returns about how many entries it held. */
    long clear() {
        long size = cache.estimatedSize();
        cache.invalidateAll();
        return size;
    }

    /** Removes every key starting with {@code prefix}; returns how many. */
    long clearMatching(String prefix) {
        long[] removed = {0};
        cache.asMap().keySet().removeIf(k -> {
            boolean match = k.startsWith(prefix);
            if (match) {
                removed[0]++;
            }
            return match;
        });
        return removed[0];
    }
}
