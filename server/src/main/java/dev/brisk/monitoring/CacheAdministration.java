package dev.brisk.monitoring;

/** Implemented by the cache module: clears a namespace ({@code auth:}, ...) or all, on every node. */
public interface CacheAdministration {

    /** @param prefix a namespace prefix such as {@code api:}, or null for every namespace */
    void clearEverywhere(String prefix);

    /** The prefixes {@link #clearEverywhere} accepts. */
    java.util.Set<String> prefixes();
}
