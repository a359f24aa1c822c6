package dev.brisk.cache.internal;

import dev.brisk.cache.CacheNamespace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evictions and clears that could not reach Redis, done and announced once it is back. Bounded:
 * past {@value #MAX_KEYS} keys a namespace's evictions become one clear of the namespace.
 */
final class PendingInvalidations {

    private static final Logger log = LoggerFactory.getLogger(PendingInvalidations.class);
    private static final int MAX_KEYS = 10_000;
    private static final int BATCH = 500;

    private final Set<String> evictions = ConcurrentHashMap.newKeySet();
    private final Set<Scope> clears = ConcurrentHashMap.newKeySet();

    void evictionFailed(CacheNamespace namespace, List<String> keys) {
        if (evictions.size() + keys.size() > MAX_KEYS) {
            clears.add(new Scope(namespace, null));
        } else {
            evictions.addAll(keys);
        }
    }

    void clearFailed(Scope scope) {
        clears.add(scope);
    }

    int size() {
        return evictions.size() + clears.size();
    }

    /**
     * Replays what is pending while Redis lets it; stops at the first failure and keeps the rest.
     *
     * @param clearInRedis does one clear in Redis and announces it; false when Redis failed (and the clear is pending again)
     */
    void replay(RedisTier redis, ClusterBus bus, Predicate<Scope> clearInRedis) {
        for (Scope scope : List.copyOf(clears)) {
            clears.remove(scope);
            if (!clearInRedis.test(scope)) {
                return;
            }
        }
        if (evictions.isEmpty()) {
            return;
        }
        Map<String, List<String>> byNamespace = new LinkedHashMap<>();
        for (String rk : List.copyOf(evictions)) {
            byNamespace
                    .computeIfAbsent(rk.substring(0, rk.indexOf(':')), ns -> new ArrayList<>())
                    .add(rk);
        }
        for (var group : byNamespace.entrySet()) {
            CacheNamespace ns = CacheNamespace.ofPrefix(group.getKey());
            List<String> keys = group.getValue();
            for (int i = 0; i < keys.size(); i += BATCH) {
                List<String> batch = keys.subList(i, Math.min(i + BATCH, keys.size()));
                try {
                    redis.deleteAndPublish(batch, bus.evict(ns, batch));
                    batch.forEach(evictions::remove);
                } catch (RedisTier.Unavailable u) {
                    return;
                }
            }
        }
        log.info("Cache: evictions made while Redis was unavailable are replayed");
    }
}
