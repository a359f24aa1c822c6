package dev.brisk.cache.internal;

import dev.brisk.cache.CacheEvent;
import dev.brisk.cache.CacheNamespace;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The nodes' channel: {@link BusMessage}s to and from the Redis pub/sub channel, and the
 * listeners that hear what arrives as {@link CacheEvent}s. At most once: a message sent while
 * Redis fails is lost, which is why evictions that did not reach Redis wait in
 * {@link PendingInvalidations}.
 */
public final class ClusterBus {

    private static final Logger log = LoggerFactory.getLogger(ClusterBus.class);

    /** The JSON on the channel; {@code op} is evict, clear or message. Kept as it was so nodes of both versions understand each other. */
    record Wire(String node, String op, String ns, Long org, List<String> keys, String topic, String payload) {}

    private final String nodeId = UUID.randomUUID().toString();
    private final JsonMapper mapper;
    private final @Nullable RedisTier redis;
    private final List<Consumer<CacheEvent>> listeners = new CopyOnWriteArrayList<>();

    public ClusterBus(JsonMapper mapper, @Nullable RedisTier redis) {
        this.mapper = mapper;
        this.redis = redis;
    }

    public String nodeId() {
        return nodeId;
    }

    byte[] encode(BusMessage message) {
        Wire wire = switch (message) {
            case BusMessage.Evict e -> new Wire(e.node(), "evict", e.namespace().prefix(), null, e.keys(), null, null);
            case BusMessage.Clear c -> new Wire(c.node(), "clear", c.namespace().prefix(), c.orgId(), null, null, null);
            case BusMessage.Note n -> new Wire(n.node(), "message", null, null, null, n.topic(), n.payload());
        };
        return mapper.writeValueAsBytes(wire);
    }

    byte[] evict(CacheNamespace namespace, List<String> keys) {
        return encode(new BusMessage.Evict(nodeId, namespace, keys));
    }

    byte[] clear(Scope scope) {
        return encode(new BusMessage.Clear(nodeId, scope.namespace(), scope.orgId()));
    }

    /** Another node's message, or null for this node's own, an unreadable or an unknown one. */
    @Nullable
    BusMessage decode(byte[] body) {
        Wire w;
        try {
            w = mapper.readValue(body, Wire.class);
        } catch (RuntimeException unreadable) {
            log.debug("Unreadable cache message: {}", unreadable.toString());
            return null;
        }
        if (nodeId.equals(w.node()) || w.op() == null) {
            return null;
        }
        return switch (w.op()) {
            case "evict" ->
                new BusMessage.Evict(
                        w.node(), CacheNamespace.ofPrefix(w.ns()), w.keys() == null ? List.of() : w.keys());
            case "clear" -> new BusMessage.Clear(w.node(), CacheNamespace.ofPrefix(w.ns()), w.org());
            case "message" -> new BusMessage.Note(w.node(), w.topic(), w.payload());
            default -> {
                log.debug("Unknown cache message op {}", w.op());
                yield null;
            }
        };
    }

    /** Sends an application message, best effort: without Redis, or while it fails, nobody hears it. */
    public void publish(String topic, String payload) {
        if (redis != null) {
            redis.publishAsync(encode(new BusMessage.Note(nodeId, topic, payload)), () -> {});
        }
    }

    /** Adds a listener; running the returned action removes it. */
    public Runnable subscribe(Consumer<CacheEvent> listener) {
        listeners.add(Objects.requireNonNull(listener));
        return () -> listeners.remove(listener);
    }

    void emit(CacheEvent event) {
        for (Consumer<CacheEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("Cache event listener failed on {}", event, e);
            }
        }
    }
}
