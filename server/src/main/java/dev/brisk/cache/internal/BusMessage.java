package dev.brisk.cache.internal;

import dev.brisk.cache.CacheNamespace;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What one node tells the others on the Redis channel; {@code node} is the sender. */
sealed interface BusMessage {

    String node();

    /** Drop these rendered keys from your in-process tiers. */
    record Evict(String node, CacheNamespace namespace, List<String> keys) implements BusMessage {}

    /** Drop a namespace ({@code orgId} null) or one organization's part of it from your in-process tiers. */
    record Clear(
            String node, CacheNamespace namespace, @Nullable Long orgId) implements BusMessage {}

    /** An application message for the {@code subscribe} listeners. */
    record Note(String node, String topic, String payload) implements BusMessage {}
}
