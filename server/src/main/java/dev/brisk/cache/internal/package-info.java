/**
 * The parts of {@link dev.brisk.cache.TieredCache}: the read path, single flight, the in-process
 * tier, the request memo, the Redis tier, the cluster bus between nodes and the invalidations that
 * wait for Redis. Internal to the cache module: other modules use {@code dev.brisk.cache} only.
 */
@NullMarked
package dev.brisk.cache.internal;

import org.jspecify.annotations.NullMarked;
