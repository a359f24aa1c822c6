package dev.brisk.cache;

import dev.brisk.cache.internal.CacheMetrics;
import dev.brisk.cache.internal.CacheThread;
import dev.brisk.cache.internal.ClusterBus;
import dev.brisk.cache.internal.Codec;
import dev.brisk.cache.internal.EngineStats;
import dev.brisk.cache.internal.Entry;
import dev.brisk.cache.internal.Invalidations;
import dev.brisk.cache.internal.ReadPath;
import dev.brisk.cache.internal.RedisEvents;
import dev.brisk.cache.internal.RedisMac;
import dev.brisk.cache.internal.RedisTier;
import dev.brisk.cache.internal.RequestMemo;
import dev.brisk.cache.internal.Spaces;
import dev.brisk.cache.internal.WritePath;
import dev.brisk.monitoring.Spans;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Brisk's cache engine. A read goes request memo → Caffeine → Redis → loader and writes what it
 * found back into the tiers above; concurrent misses on one key in this node run the loader once
 * (single flight); every TTL is jittered; "the loader found nothing" is remembered briefly as an
 * explicit absent entry. Values live as objects in this process (treat them as immutable: use
 * records) and as JSON in Redis.
 *
 * <p>Redis is never a dependency: every command has a short timeout and passes a circuit breaker;
 * a failing, slow or absent Redis is skipped and counted, never thrown. Evictions and clears are
 * announced on Redis pub/sub so other nodes drop their in-process copies; one that could not reach
 * Redis is replayed when Redis is back, and a node that (re)subscribes clears its in-process tier,
 * since it may have missed announcements.
 *
 * <p>This class is the cache's API; the parts live in {@code dev.brisk.cache.internal}:
 * {@link ReadPath} (with the single flight), {@link WritePath}, {@link Invalidations} (with the
 * pending ones), {@link RequestMemo}, the {@link ClusterBus} between nodes, {@link RedisTier} and
 * {@link EngineStats}. See docs/architecture.md.
 *
 * <p>Thread-safe; one instance per application (the Spring bean), or several in one JVM to act as
 * several nodes in tests.
 */
public final class TieredCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TieredCache.class);

    /** An open per-request memo; closing it drops the memo. */
    @FunctionalInterface
    public interface RequestScope extends AutoCloseable {
        @Override
        void close();
    }

    /** A listener registration; closing it stops the events. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    private final CacheProperties properties;
    private final boolean enabled;
    private final RequestMemo memo = new RequestMemo();
    private final @Nullable CacheThread thread;
    private final @Nullable RedisTier redis;
    private final ClusterBus bus;
    private final ReadPath reads;
    private final WritePath writes;
    private final Invalidations invalidations;
    private final EngineStats stats;

    /**
     * Builds the engine and, when Redis is configured, starts connecting to it in the background.
     *
     * @param mapper   JSON for values in Redis and for messages between nodes
     * @param registry where the {@code brisk.cache.*} meters go
     * @param redisMacKey key of the MAC on every value written to Redis (see {@link RedisMac})
     */
    public TieredCache(CacheProperties properties, JsonMapper mapper, MeterRegistry registry, byte[] redisMacKey) {
        this(properties, mapper, registry, Spans.OFF, redisMacKey);
    }

    /** @param spans where reads and Redis commands are traced ({@link Spans#OFF}: not at all) */
    public TieredCache(
            CacheProperties properties, JsonMapper mapper, MeterRegistry registry, Spans spans, byte[] redisMacKey) {
        this.properties = properties;
        this.enabled = properties.enabled();
        Codec codec = new Codec(mapper);
        CacheMetrics metrics = new CacheMetrics();
        Spaces spaces = new Spaces(properties, metrics);
        CacheProperties.Redis redisSettings = properties.redis();
        RedisEvents events = null;
        if (enabled && redisSettings.configured()) {
            this.thread = new CacheThread();
            events = new RedisEvents(thread, redisSettings.channel());
            this.redis = new RedisTier(
                    redisSettings,
                    properties.breaker(),
                    thread.scheduler(),
                    spans.registry(),
                    events,
                    new RedisMac(redisMacKey, registry));
        } else {
            this.thread = null;
            this.redis = null;
        }
        this.bus = new ClusterBus(codec.mapper(), redis);
        this.reads = new ReadPath(enabled, spaces, memo, redis, codec, spans);
        this.invalidations = new Invalidations(properties, spaces, memo, redis, bus, thread);
        this.writes = new WritePath(enabled, spaces, memo, redis, reads, bus, invalidations);
        this.stats = new EngineStats(properties, spaces, metrics, redis, invalidations);
        if (events != null) {
            events.attach(redis, bus, invalidations);
            redis.start();
            events.started();
            log.info("Cache: memo + Caffeine + Redis at {} (connecting in the background)", redisSettings.describe());
        } else {
            log.info(
                    "Cache: {}, Redis {}",
                    enabled ? "memo + Caffeine, memory-only" : "disabled (every read loads)",
                    redisSettings.describe());
        }
        metrics.bind(
                registry, spaces::localSize, stats::breakerState, () -> stats.redisStatus() == RedisStatus.UP ? 1 : 0);
    }

    // --- reads ----------------------------------------------------------------------------------

    /**
     * The value for {@code key}: from the request memo, Caffeine or Redis, or else from
     * {@code loader} (run once per key at a time in this node), whose answer is then stored in
     * every tier. An empty answer is stored as absent for the namespace's absent TTL. Exceptions
     * of the loader reach the caller (and the callers waiting for the same key) and nothing is stored.
     */
    public <T> Optional<T> get(CacheKey key, Class<T> type, Supplier<Optional<T>> loader) {
        Objects.requireNonNull(loader, "loader");
        Entry entry = reads.read(key, type, loader);
        return entry.absent() ? Optional.empty() : Optional.of(type.cast(entry.value()));
    }

    /** {@link #get(CacheKey, Class, Supplier)} for generic types such as {@code List<Row>}. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> get(CacheKey key, TypeReference<T> type, Supplier<Optional<T>> loader) {
        Objects.requireNonNull(loader, "loader");
        Entry entry = reads.read(key, type, loader);
        return entry.absent() ? Optional.empty() : Optional.of((T) entry.value());
    }

    /** The cached value if some tier holds one; empty when none does or when "absent" is cached. Never loads. */
    public <T> Optional<T> getIfPresent(CacheKey key, Class<T> type) {
        Entry entry = reads.read(key, type, null);
        return entry == null || entry.absent() ? Optional.empty() : Optional.of(type.cast(entry.value()));
    }

    // --- writes ---------------------------------------------------------------------------------

    /** Stores {@code value} in every tier (replacing what was there) and tells other nodes to drop their copies. */
    public void put(CacheKey key, Object value) {
        writes.write(key, Objects.requireNonNull(value, "value; use putAbsent"));
    }

    /**
     * Stores a value just computed for {@code key} in every tier, without telling other nodes: for
     * keys that carry a {@link Generations} token, which no other node can hold an older value for.
     */
    public void putFresh(CacheKey key, Object value) {
        if (enabled) {
            writes.writeFresh(key, Objects.requireNonNull(value, "value"));
        }
    }

    /** Stores "absent" for {@code key} in every tier, for the namespace's absent TTL. */
    public void putAbsent(CacheKey key) {
        writes.write(key, null);
    }

    // --- invalidation ---------------------------------------------------------------------------

    /** Removes {@code key} from every tier of every node. */
    public void evict(CacheKey key) {
        invalidations.evict(key.namespace(), List.of(key.render()));
    }

    /** Removes the keys from every tier of every node, with one Redis round trip per namespace. */
    public void evictAll(Collection<CacheKey> keys) {
        Map<CacheNamespace, List<String>> byNamespace = new EnumMap<>(CacheNamespace.class);
        for (CacheKey key : keys) {
            byNamespace
                    .computeIfAbsent(key.namespace(), ns -> new ArrayList<>())
                    .add(key.render());
        }
        byNamespace.forEach(invalidations::evict);
    }

    /** Removes every entry of {@code namespace} from every tier of every node (Redis: SCAN + UNLINK). */
    public void clear(CacheNamespace namespace) {
        invalidations.clear(namespace, null);
    }

    /** Removes one organization's entries of {@code namespace} from every tier of every node. */
    public void clear(CacheNamespace namespace, long orgId) {
        invalidations.clear(namespace, orgId);
    }

    /**
     * Drops this node's in-process entries of {@code namespace} (Caffeine, in-flight loads, this
     * thread's memo) and nothing else: for a node that may have missed invalidations, e.g. after
     * its database LISTEN connection dropped. Redis and other nodes are untouched.
     */
    public void clearLocal(CacheNamespace namespace) {
        invalidations.clearLocal(namespace);
    }

    /** {@link #clearLocal(CacheNamespace)} for every namespace. */
    public void clearLocal() {
        invalidations.clearLocalAll();
    }

    /** {@link #clear(CacheNamespace)} for every namespace. */
    public void clearAll() {
        for (CacheNamespace ns : CacheNamespace.values()) {
            clear(ns);
        }
    }

    // --- between nodes --------------------------------------------------------------------------

    /**
     * Listens to other nodes' evictions, clears and messages, and to this node's Redis status.
     * The listener runs on the cache's own thread, in order, and must return quickly.
     */
    public Subscription subscribe(Consumer<CacheEvent> listener) {
        return bus.subscribe(listener)::run;
    }

    /**
     * Sends {@code payload} on {@code topic} to every other node's {@link #subscribe} listeners,
     * best effort: without Redis, or while it fails, nobody hears it.
     */
    public void publish(String topic, String payload) {
        bus.publish(topic, payload);
    }

    /** The Redis tier, or null when running memory-only. */
    @Nullable
    RedisTier redis() {
        return redis;
    }

    boolean enabled() {
        return enabled;
    }

    /** This node's id in messages between nodes. */
    public String nodeId() {
        return bus.nodeId();
    }

    // --- request memo ---------------------------------------------------------------------------

    /**
     * Opens the per-request memo on this thread (the web filter does this around every request);
     * inside it, a key read once is answered from the memo for the rest of the request. Nested
     * opens share the outer memo. Outside a scope the memo tier is skipped.
     */
    public RequestScope openRequestScope() {
        if (!enabled || !memo.open()) {
            return () -> {};
        }
        return memo::close;
    }

    // --- state ----------------------------------------------------------------------------------

    /** UP (Redis in use), DEGRADED (configured but failing: memory-only) or DISABLED (no Redis). */
    public RedisStatus redisStatus() {
        return stats.redisStatus();
    }

    /** What the health endpoint shows about the Redis tier. */
    public Map<String, Object> redisDetails() {
        return stats.redisDetails();
    }

    /** Counters per namespace and tier since start or the last {@link #resetStats()}. */
    public CacheStats stats() {
        return stats.snapshot();
    }

    /** Zeroes what {@link #stats()} reports (the Micrometer meters stay monotonic). */
    public void resetStats() {
        stats.reset();
    }

    public CacheProperties properties() {
        return properties;
    }

    String breakerState() {
        return stats.breakerState();
    }

    /** Test hook: the Redis tier, or null. */
    @Nullable
    RedisTier redisTier() {
        return redis;
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
        if (thread != null) {
            thread.close();
        }
    }
}
