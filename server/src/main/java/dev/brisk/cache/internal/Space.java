package dev.brisk.cache.internal;

import dev.brisk.cache.CacheNamespace;
import dev.brisk.cache.CacheProperties;

/** A namespace's state in this node: its settings, counters, in-process tier and running loads. */
final class Space {

    final CacheNamespace namespace;
    final CacheProperties.Namespace settings;
    final CacheMetrics.Ns stats;
    final LocalTier local;
    final SingleFlight flights = new SingleFlight();
    final Runnable redisFailed;

    Space(CacheNamespace namespace, CacheProperties.Namespace settings, CacheMetrics.Ns stats) {
        this.namespace = namespace;
        this.settings = settings;
        this.stats = stats;
        this.redisFailed = stats.redisErrors::increment;
        this.local = new LocalTier(settings.localMaxEntries(), stats);
    }

    Entry valueEntry(Object value) {
        return new Entry(value, settings.localTtlNanos());
    }

    Entry absentEntry() {
        return new Entry(
                null, Math.min(settings.absentTtlNanos(), settings.localTtl().toNanos()));
    }
}
