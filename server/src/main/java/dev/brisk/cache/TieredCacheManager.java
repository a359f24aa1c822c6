package dev.brisk.cache;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;

/**
 * Spring's cache abstraction on top of {@link TieredCache}, so {@code @Cacheable} reads go through
 * all three tiers. A cache name is a namespace ({@code "dashboard"}) or a namespace and a name
 * ({@code "api:products"}); other names are unknown (null, as Spring expects).
 *
 * <p>Keys: a {@link CacheKey} is used with its organization (its namespace is replaced by the
 * cache's); any other key object becomes an organization-less key made of its class and
 * {@code toString()}, so put the org id into such keys for org-specific values. Values come back
 * from Redis as the class they were written as, and only classes under
 * {@code dev.brisk., java.lang., java.util., java.time., java.math.} are read back; return records
 * rather than bare collections (element types of a top-level collection are not recorded).
 * {@code null} results are cached as absent for the namespace's absent TTL. {@code clear()}
 * clears the whole namespace.
 */
public final class TieredCacheManager implements CacheManager {

    private final TieredCache engine;
    private final Map<String, Cache> caches = new ConcurrentHashMap<>();

    public TieredCacheManager(TieredCache engine) {
        this.engine = engine;
    }

    @Override
    public Cache getCache(String name) {
        Cache cache = caches.get(name);
        if (cache != null) {
            return cache;
        }
        int colon = name.indexOf(':');
        CacheNamespace namespace;
        try {
            namespace = CacheNamespace.ofPrefix(colon < 0 ? name : name.substring(0, colon));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
        return caches.computeIfAbsent(name, n -> new TieredSpringCache(n, namespace, engine));
    }

    @Override
    public Collection<String> getCacheNames() {
        Set<String> names = new LinkedHashSet<>();
        for (CacheNamespace ns : CacheNamespace.values()) {
            names.add(ns.prefix());
        }
        names.addAll(caches.keySet());
        return names;
    }
}
