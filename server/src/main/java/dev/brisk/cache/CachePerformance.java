package dev.brisk.cache;

import dev.brisk.monitoring.CacheAdministration;
import dev.brisk.monitoring.PerformanceContributor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The cache's part of the monitoring API: the {@code cache} section (per namespace and tier),
 * hit rates for the live page, health, and the {@code clear-cache} action on every node.
 */
@Component
class CachePerformance implements PerformanceContributor, CacheAdministration {

    private static final Set<String> PREFIXES =
            Arrays.stream(CacheNamespace.values()).map(ns -> ns.prefix() + ':').collect(Collectors.toUnmodifiableSet());

    private final TieredCache cache;
    private final Map<CacheNamespace, double[]> previous = new java.util.EnumMap<>(CacheNamespace.class);

    CachePerformance(TieredCache cache) {
        this.cache = cache;
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public Object snapshot() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("redis", cache.redisDetails());
        section.put("stats", cache.stats());
        return section;
    }

    /** Hit rate per namespace over the interval since the previous call (one second on the live page). */
    @Override
    public synchronized Map<String, Double> live() {
        Map<String, Double> rates = new LinkedHashMap<>();
        cache.stats().namespaces().forEach((ns, stats) -> {
            double hits = stats.requests() * stats.hitRate();
            double[] before = previous.getOrDefault(ns, new double[] {0, 0});
            double requests = stats.requests() - before[0];
            if (requests > 0) {
                rates.put("hitRate." + ns.prefix(), Math.max(0, Math.min(1, (hits - before[1]) / requests)));
            }
            previous.put(ns, new double[] {stats.requests(), hits});
        });
        return rates;
    }

    @Override
    public String health() {
        return cache.redisStatus().name();
    }

    @Override
    public void reset() {
        cache.resetStats();
    }

    @Override
    public void clearEverywhere(String prefix) {
        if (prefix == null) {
            cache.clearAll();
        } else {
            cache.clear(CacheNamespace.ofPrefix(prefix));
        }
    }

    @Override
    public Set<String> prefixes() {
        return PREFIXES;
    }
}
