/**
 * The cache engine: one {@link dev.brisk.cache.TieredCache} with three namespaces
 * ({@code auth}, {@code dashboard}, {@code api}) and three tiers (a per-request memo, Caffeine in
 * this process, Redis shared by all nodes), the response cache, generations, metrics,
 * health and cross-node eviction over Redis pub/sub. Redis is an optimization, never a
 * dependency: without it, or while it fails, the engine runs memory-only.
 *
 * <p>Knows nothing of the business modules; they call it with their own {@link dev.brisk.cache.CacheKey}s.
 */
@NullMarked
package dev.brisk.cache;

import org.jspecify.annotations.NullMarked;
