package dev.brisk.monitoring;

import java.util.Map;

/**
 * A section of {@code GET /api/monitoring/performance} contributed by another module (cache,
 * authentication, dashboard), so monitoring needs to know none of them.
 */
public interface PerformanceContributor {

    /** Section name in the report, e.g. {@code cache}. */
    String name();

    /** A JSON-serializable snapshot. */
    Object snapshot();

    /** Numbers sampled every second for the live page, e.g. {@code hitRate.auth -> 0.99}. */
    default Map<String, Double> live() {
        return Map.of();
    }

    /** {@code UP}, {@code DEGRADED}, {@code DOWN} or {@code DISABLED}; null if the section has no health. */
    default String health() {
        return null;
    }

    /** Zeroes the section's counters ({@code POST ?action=reset}). */
    default void reset() {}
}
