package dev.brisk.cache.internal;

import dev.brisk.cache.CacheNamespace;
import dev.brisk.cache.CacheProperties;
import java.util.Arrays;
import java.util.Iterator;

/** One {@link Space} per namespace, looked up by ordinal on the hot path. */
public final class Spaces implements Iterable<Space> {

    private final Space[] spaces = new Space[CacheNamespace.values().length];

    public Spaces(CacheProperties properties, CacheMetrics metrics) {
        for (CacheNamespace ns : CacheNamespace.values()) {
            spaces[ns.ordinal()] = new Space(ns, properties.namespace(ns), metrics.of(ns));
        }
    }

    Space of(CacheNamespace namespace) {
        return spaces[namespace.ordinal()];
    }

    /** How many entries the in-process tier of {@code namespace} holds, about. */
    public long localSize(CacheNamespace namespace) {
        return of(namespace).local.size();
    }

    @Override
    public Iterator<Space> iterator() {
        return Arrays.asList(spaces).iterator();
    }
}
