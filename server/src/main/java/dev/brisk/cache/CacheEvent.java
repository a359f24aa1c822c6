package dev.brisk.cache;

import java.util.List;

/**
 * What {@link TieredCache#subscribe} listeners hear: evictions and clears that other nodes made
 * (already applied to this node's in-process tier when the listener runs), messages other modules
 * published with {@link TieredCache#publish}, and changes of this node's Redis status. A node
 * never hears its own evictions, clears or messages. Listeners run on one cache thread, in order;
 * they must return quickly.
 */
public sealed interface CacheEvent {

    /** Another node evicted these rendered keys. */
    record Evicted(String node, CacheNamespace namespace, List<String> keys) implements CacheEvent {}

    /** Another node cleared a namespace, or one organization's entries of it ({@code orgId} not null). */
    record Cleared(String node, CacheNamespace namespace, Long orgId) implements CacheEvent {}

    /** Another node published {@code payload} on {@code topic}. */
    record Message(String node, String topic, String payload) implements CacheEvent {}

    /** This node's Redis tier changed status. */
    record RedisStatusChanged(RedisStatus status) implements CacheEvent {}
}
