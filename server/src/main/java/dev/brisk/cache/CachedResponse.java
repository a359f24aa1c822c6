package dev.brisk.cache;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches a GET endpoint's finished JSON response per organization in the {@code api:} namespace,
 * with an ETag ({@code If-None-Match} → 304). The key carries the {@link Generations} token of
 * every table named in {@link #tables()}, the existing-rows token of every table in
 * {@link #joins()}, and the row version of every row named in {@link #rows()}, so a committed
 * change to any of them makes the cached response unreachable at once on every node, and a change
 * to another row leaves it alone.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface CachedResponse {

    /** Tables the response depends on as a whole (lists: any row of them, for the caller's org). */
    String[] tables() default {};

    /**
     * Tables the response reads only through rows of its own, for their fields or to filter them (an
     * order list searched by its customers' names, an order's items showing product names): a new
     * row of such a table belongs to none of those rows, so only updates and deletes of it count.
     */
    String[] joins() default {};

    /**
     * Tables whose row with the path's {@code {id}} the response shows (details). For
     * {@code order_items} the id is the order's: a change to any item of that order.
     */
    String[] rows() default {};
}
