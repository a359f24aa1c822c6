package dev.brisk.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches a GET endpoint's finished JSON response per organization in the {@code api:} namespace,
 * with an ETag ({@code If-None-Match} → 304). The key carries the {@link Generations} token of
 * every table named here, so a committed change to any of them, for the caller's organization,
 * makes the cached response unreachable at once on every node.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CachedResponse {

    /** The tables the response is computed from. */
    String[] tables();
}
