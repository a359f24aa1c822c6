package dev.brisk.cache;

import dev.brisk.monitoring.RequestStats;
import dev.brisk.platform.replica.ReadRouting;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.brisk.cache.CacheMetrics.Eviction;
import dev.brisk.cache.CacheStats.Tier;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
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
 * <p>Thread-safe; one instance per application (the Spring bean), or several in one JVM to act as
 * several nodes in tests.
 */
public final class TieredCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TieredCache.class);
    private static final int MEMO_MAX_ENTRIES = 1024;
    private static final int PENDING_MAX_KEYS = 10_000;
    private static final int BATCH = 500;

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

    /** The pub/sub message between nodes. */
    record Wire(String node, String op, String ns, Long org, List<String> keys, String topic, String payload) {}

    private record Scope(CacheNamespace namespace, Long orgId) {}

    /** One running load; others that miss the same key wait for it instead of loading too. */
    private static final class Flight {
        final CompletableFuture<Entry> result = new CompletableFuture<>();
        final Thread owner = Thread.currentThread();
        /** Set when the key was evicted while loading: the result is returned but not stored. */
        volatile boolean stale;

        Entry await(String key) {
            if (owner == Thread.currentThread()) {
                throw new IllegalStateException("The loader of " + key + " reads its own key");
            }
            try {
                return result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
    }

    /** A namespace's state in this node. */
    private static final class Space {
        final CacheNamespace namespace;
        final CacheProperties.Namespace settings;
        final CacheMetrics.Ns stats;
        final Cache<String, Entry> local;
        final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();
        final Runnable redisFailed;

        Space(CacheNamespace namespace, CacheProperties.Namespace settings, CacheMetrics.Ns stats) {
            this.namespace = namespace;
            this.settings = settings;
            this.stats = stats;
            this.redisFailed = stats.redisErrors::increment;
            this.local = Caffeine.newBuilder()
                    .maximumSize(settings.localMaxEntries())
                    .expireAfter(new Expiry<String, Entry>() {
                        @Override
                        public long expireAfterCreate(String key, Entry entry, long currentTime) {
                            return entry.ttlNanos();
                        }

                        @Override
                        public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
                            return entry.ttlNanos();
                        }

                        @Override
                        public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
                            return currentDuration;
                        }
                    })
                    .evictionListener((String key, Entry entry, RemovalCause cause) ->
                            stats.evicted(cause == RemovalCause.SIZE ? Eviction.SIZE : Eviction.EXPIRED, 1))
                    .build();
        }

        Entry valueEntry(Object value) {
            return new Entry(value, settings.localTtlNanos());
        }

        Entry absentEntry() {
            return new Entry(null, Math.min(settings.absentTtlNanos(), settings.localTtl().toNanos()));
        }
    }

    private final CacheProperties properties;
    private final boolean enabled;
    private final String nodeId = UUID.randomUUID().toString();
    private final Codec codec;
    private final CacheMetrics metrics = new CacheMetrics();
    private final Space[] spaces = new Space[CacheNamespace.values().length];
    private final ThreadLocal<Map<String, Entry>> memo = new ThreadLocal<>();
    private final List<Consumer<CacheEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Set<String> pendingEvictions = ConcurrentHashMap.newKeySet();
    private final Set<Scope> pendingClears = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler;
    private final RedisTier redis;
    private volatile RedisStatus lastStatus;

    /**
     * Builds the engine and, when Redis is configured, starts connecting to it in the background.
     *
     * @param mapper   JSON for values in Redis and for messages between nodes
     * @param registry where the {@code brisk.cache.*} meters go
     */
    public TieredCache(CacheProperties properties, JsonMapper mapper, MeterRegistry registry) {
        this.properties = properties;
        this.enabled = properties.enabled();
        this.codec = new Codec(mapper);
        for (CacheNamespace ns : CacheNamespace.values()) {
            spaces[ns.ordinal()] = new Space(ns, properties.namespace(ns), metrics.of(ns));
        }
        CacheProperties.Redis redisSettings = properties.redis();
        if (enabled && redisSettings.configured()) {
            this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "brisk-cache-redis");
                thread.setDaemon(true);
                return thread;
            });
            this.redis = new RedisTier(redisSettings, properties.breaker(), scheduler, new RedisTier.Listener() {
                @Override
                public void message(byte[] body) {
                    runOnCacheThread(() -> onMessage(body));
                }

                @Override
                public void subscribed() {
                    runOnCacheThread(TieredCache.this::onSubscribed);
                }

                @Override
                public void statusChanged() {
                    runOnCacheThread(TieredCache.this::checkStatus);
                }
            });
            redis.start();
            scheduler.scheduleWithFixedDelay(this::replayPending, 1, 1, TimeUnit.SECONDS);
            log.info("Cache: memo + Caffeine + Redis at {} (connecting in the background)", redisSettings.describe());
        } else {
            this.scheduler = null;
            this.redis = null;
            log.info("Cache: {}, Redis {}", enabled ? "memo + Caffeine, memory-only" : "disabled (every read loads)",
                    redisSettings.describe());
        }
        this.lastStatus = redisStatus();
        metrics.bind(registry, ns -> spaces[ns.ordinal()].local.estimatedSize(), this::breakerState,
                () -> redisStatus() == RedisStatus.UP ? 1 : 0);
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
        Entry entry = read(key, type, loader);
        return entry.absent() ? Optional.empty() : Optional.of(type.cast(entry.value()));
    }

    /** {@link #get(CacheKey, Class, Supplier)} for generic types such as {@code List<Row>}. */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> get(CacheKey key, TypeReference<T> type, Supplier<Optional<T>> loader) {
        Objects.requireNonNull(loader, "loader");
        Entry entry = read(key, type, loader);
        return entry.absent() ? Optional.empty() : Optional.of((T) entry.value());
    }

    /** The cached value if some tier holds one; empty when none does or when "absent" is cached. Never loads. */
    public <T> Optional<T> getIfPresent(CacheKey key, Class<T> type) {
        Entry entry = read(key, type, null);
        return entry == null || entry.absent() ? Optional.empty() : Optional.of(type.cast(entry.value()));
    }

    /**
     * The read path. With a loader never null; without one (a peek) null on a miss in every tier.
     *
     * @param type a Class, a TypeReference, or null to decode by the type named in the Redis entry
     */
    Entry read(CacheKey key, Object type, Supplier<? extends Optional<?>> loader) {
        Space s = spaces[key.namespace().ordinal()];
        s.stats.requests.increment();
        if (!enabled) {
            if (loader == null) {
                s.stats.unanswered.increment();
                return null;
            }
            return load(s, loader);
        }
        String rk = key.render();
        Map<String, Entry> m = memo.get();
        if (m != null) {
            Entry e = m.get(rk);
            if (e != null) {
                s.stats.hit(Tier.MEMO);
                report(key, "memo");
                return e;
            }
            s.stats.miss(Tier.MEMO);
        }
        Entry e = s.local.getIfPresent(rk);
        if (e != null) {
            s.stats.hit(Tier.LOCAL);
            report(key, "local");
            remember(m, rk, e);
            return e;
        }
        s.stats.miss(Tier.LOCAL);
        if (loader == null) {
            e = fromRedis(s, rk, type);
            if (e != null) {
                s.local.put(rk, e);
                remember(m, rk, e);
            } else {
                s.stats.unanswered.increment();
            }
            report(key, e == null ? "miss" : "redis");
            return e;
        }
        Flight flight = new Flight();
        Flight running = s.flights.putIfAbsent(rk, flight);
        if (running != null) {
            e = running.await(rk);
            report(key, "flight");
            remember(m, rk, e);
            return e;
        }
        try {
            e = s.local.getIfPresent(rk); // a flight that ended between our miss and our start
            if (e == null) {
                e = fromRedis(s, rk, type);
                if (e != null) {
                    report(key, "redis");
                    if (!flight.stale) {
                        s.local.put(rk, e);
                    }
                } else {
                    report(key, "miss");
                    e = load(s, loader);
                    store(s, rk, e, flight);
                }
            } else {
                report(key, "local");
            }
            flight.result.complete(e);
        } catch (Throwable t) {
            flight.result.completeExceptionally(t);
            throw t;
        } finally {
            s.flights.remove(rk, flight);
        }
        remember(m, rk, e);
        return e;
    }

    private Entry load(Space s, Supplier<? extends Optional<?>> loader) {
        long start = System.nanoTime();
        Optional<?> result;
        try {
            result = loader.get();
        } catch (RuntimeException | Error e) {
            s.stats.loaded(System.nanoTime() - start, true);
            throw e;
        }
        s.stats.loaded(System.nanoTime() - start, false);
        Object value = result == null ? null : result.orElse(null);
        return value == null ? s.absentEntry() : s.valueEntry(value);
    }

    private Entry fromRedis(Space s, String rk, Object type) {
        if (redis == null) {
            return null;
        }
        byte[] bytes;
        long start = System.nanoTime();
        try {
            bytes = redis.get(rk);
        } catch (RedisTier.Unavailable u) {
            (u.failed ? s.stats.redisErrors : s.stats.redisSkips).increment();
            return null;
        }
        s.stats.redisRead(System.nanoTime() - start);
        if (bytes == null) {
            s.stats.miss(Tier.REDIS);
            return null;
        }
        Codec.Decoded decoded;
        try {
            decoded = codec.decode(bytes, type);
        } catch (RuntimeException unreadable) {
            // written by another version or for another type: load and overwrite it
            s.stats.redisErrors.increment();
            s.stats.miss(Tier.REDIS);
            log.debug("Unreadable cache entry {}: {}", rk, unreadable.toString());
            return null;
        }
        s.stats.hit(Tier.REDIS);
        long remaining = Math.max(decoded.expiresAtMillis() - System.currentTimeMillis(), 1) * 1_000_000L;
        Entry fresh = decoded.absent() ? s.absentEntry() : s.valueEntry(decoded.value());
        return new Entry(decoded.value(), Math.min(fresh.ttlNanos(), remaining));
    }

    /** Tells the request's Server-Timing which tier answered. */
    private static void report(CacheKey key, String tier) {
        RequestStats request = RequestStats.current();
        if (request != null) {
            request.cacheOutcome(key.namespace().prefix(), tier);
        }
    }

    private void remember(Map<String, Entry> m, String rk, Entry e) {
        if (m != null && m.size() < MEMO_MAX_ENTRIES) {
            m.put(rk, e);
        }
    }

    // --- writes ---------------------------------------------------------------------------------

    /** Stores {@code value} in every tier (replacing what was there) and tells other nodes to drop their copies. */
    public void put(CacheKey key, Object value) {
        write(key, Objects.requireNonNull(value, "value; use putAbsent"));
    }

    /**
     * Stores a value just computed for {@code key} in every tier, without telling other nodes: for
     * keys that carry a {@link Generations} token, which no other node can hold an older value for.
     */
    public void putFresh(CacheKey key, Object value) {
        if (!enabled || !ReadRouting.storable()) {
            return;
        }
        Space s = spaces[key.namespace().ordinal()];
        String rk = key.render();
        Entry e = s.valueEntry(Objects.requireNonNull(value, "value"));
        remember(memo.get(), rk, e);
        s.local.put(rk, e);
        writeRedis(s, rk, value);
    }

    /** Stores "absent" for {@code key} in every tier, for the namespace's absent TTL. */
    public void putAbsent(CacheKey key) {
        write(key, null);
    }

    private void write(CacheKey key, Object value) {
        if (!enabled) {
            return;
        }
        Space s = spaces[key.namespace().ordinal()];
        String rk = key.render();
        if (value == null && !s.settings.cachesAbsent()) {
            evict(key);
            return;
        }
        Flight running = s.flights.remove(rk);
        if (running != null) {
            running.stale = true;
        }
        Entry e = value == null ? s.absentEntry() : s.valueEntry(value);
        Map<String, Entry> m = memo.get();
        if (m != null) {
            m.put(rk, e);
        }
        s.local.put(rk, e);
        if (redis != null) {
            writeRedis(s, rk, value);
            redis.publishAsync(wire("evict", s.namespace, null, List.of(rk)), s.redisFailed);
        }
    }

    private void store(Space s, String rk, Entry e, Flight flight) {
        if ((e.absent() && !s.settings.cachesAbsent()) || flight.stale || !ReadRouting.storable()) {
            return;
        }
        s.local.put(rk, e);
        writeRedis(s, rk, e.value());
        if (flight.stale) { // evicted while we were storing: take it back
            s.local.asMap().remove(rk, e);
            if (redis != null) {
                redis.deleteAsync(List.of(rk), s.redisFailed);
            }
        }
    }

    private void writeRedis(Space s, String rk, Object value) {
        if (redis == null) {
            return;
        }
        long ttlMillis = (value == null ? s.settings.absentTtlNanos() : s.settings.redisTtlNanos()) / 1_000_000L;
        byte[] bytes;
        try {
            bytes = codec.encode(value, System.currentTimeMillis() + ttlMillis);
        } catch (RuntimeException unwritable) {
            s.stats.redisErrors.increment();
            log.warn("Cannot write {} to Redis as JSON, kept in memory only: {}",
                    value == null ? "absent" : value.getClass().getName(), unwritable.toString());
            return;
        }
        redis.setAsync(rk, bytes, ttlMillis, s.redisFailed);
    }

    // --- invalidation ---------------------------------------------------------------------------

    /** Removes {@code key} from every tier of every node. */
    public void evict(CacheKey key) {
        evictRendered(key.namespace(), List.of(key.render()));
    }

    /** Removes the keys from every tier of every node, with one Redis round trip per namespace. */
    public void evictAll(Collection<CacheKey> keys) {
        Map<CacheNamespace, List<String>> byNamespace = new EnumMap<>(CacheNamespace.class);
        for (CacheKey key : keys) {
            byNamespace.computeIfAbsent(key.namespace(), ns -> new ArrayList<>()).add(key.render());
        }
        byNamespace.forEach(this::evictRendered);
    }

    /** Removes every entry of {@code namespace} from every tier of every node (Redis: SCAN + UNLINK). */
    public void clear(CacheNamespace namespace) {
        clearScope(namespace, null);
    }

    /** Removes one organization's entries of {@code namespace} from every tier of every node. */
    public void clear(CacheNamespace namespace, long orgId) {
        clearScope(namespace, orgId);
    }

    /**
     * Drops this node's in-process entries of {@code namespace} (Caffeine, in-flight loads, this
     * thread's memo) and nothing else: for a node that may have missed invalidations, e.g. after
     * its database LISTEN connection dropped. Redis and other nodes are untouched.
     */
    public void clearLocal(CacheNamespace namespace) {
        clearLocal(spaces[namespace.ordinal()], null, Eviction.CLEARED);
    }

    /** {@link #clearLocal(CacheNamespace)} for every namespace. */
    public void clearLocal() {
        for (Space s : spaces) {
            clearLocal(s, null, Eviction.CLEARED);
        }
    }

    /** {@link #clear(CacheNamespace)} for every namespace. */
    public void clearAll() {
        for (CacheNamespace ns : CacheNamespace.values()) {
            clear(ns);
        }
    }

    private void evictRendered(CacheNamespace namespace, List<String> keys) {
        if (!enabled || keys.isEmpty()) {
            return;
        }
        Space s = spaces[namespace.ordinal()];
        for (String rk : keys) {
            dropLocal(s, rk, Eviction.EXPLICIT);
        }
        if (redis == null) {
            return;
        }
        evictInRedis(s, keys);
        Duration repeat = properties.redis().evictRepeatDelay();
        if (repeat.isPositive()) {
            runOnCacheThread(() -> {
                for (String rk : keys) {
                    dropLocal(s, rk, Eviction.EXPLICIT);
                }
                evictInRedis(s, keys);
            }, repeat);
        }
    }

    private void evictInRedis(Space s, List<String> keys) {
        try {
            redis.deleteAndPublish(keys, wire("evict", s.namespace, null, keys));
        } catch (RedisTier.Unavailable u) {
            if (u.failed) {
                s.stats.redisErrors.increment();
            }
            if (pendingEvictions.size() + keys.size() > PENDING_MAX_KEYS) {
                pendingClears.add(new Scope(s.namespace, null));
            } else {
                pendingEvictions.addAll(keys);
            }
        }
    }

    private void clearScope(CacheNamespace namespace, Long orgId) {
        if (!enabled) {
            return;
        }
        Space s = spaces[namespace.ordinal()];
        clearLocal(s, orgId, Eviction.CLEARED);
        if (redis != null) {
            clearInRedis(new Scope(namespace, orgId));
        }
    }

    private boolean clearInRedis(Scope scope) {
        try {
            redis.deleteMatching(scopePrefix(scope.namespace(), scope.orgId()) + "*");
            redis.publish(wire("clear", scope.namespace(), scope.orgId(), null));
            return true;
        } catch (RedisTier.Unavailable u) {
            if (u.failed) {
                spaces[scope.namespace().ordinal()].stats.redisErrors.increment();
            }
            pendingClears.add(scope);
            return false;
        }
    }

    private static String scopePrefix(CacheNamespace namespace, Long orgId) {
        return orgId == null ? namespace.prefix() + ":" : CacheKey.prefix(namespace, orgId);
    }

    private void dropLocal(Space s, String rk, Eviction cause) {
        Map<String, Entry> m = memo.get();
        if (m != null) {
            m.remove(rk);
        }
        Flight running = s.flights.remove(rk);
        if (running != null) {
            running.stale = true;
        }
        if (s.local.asMap().remove(rk) != null) {
            s.stats.evicted(cause, 1);
        }
    }

    private void clearLocal(Space s, Long orgId, Eviction cause) {
        String prefix = scopePrefix(s.namespace, orgId);
        Map<String, Entry> m = memo.get();
        if (m != null) {
            m.keySet().removeIf(k -> k.startsWith(prefix));
        }
        s.flights.forEach((rk, flight) -> {
            if (rk.startsWith(prefix) && s.flights.remove(rk, flight)) {
                flight.stale = true;
            }
        });
        if (orgId == null) {
            long size = s.local.estimatedSize();
            s.local.invalidateAll();
            s.stats.evicted(cause, size);
        } else {
            long[] removed = {0};
            s.local.asMap().keySet().removeIf(k -> {
                boolean match = k.startsWith(prefix);
                if (match) {
                    removed[0]++;
                }
                return match;
            });
            s.stats.evicted(cause, removed[0]);
        }
    }

    // --- between nodes --------------------------------------------------------------------------

    /**
     * Listens to other nodes' evictions, clears and messages, and to this node's Redis status.
     * The listener runs on the cache's own thread, in order, and must return quickly.
     */
    public Subscription subscribe(Consumer<CacheEvent> listener) {
        listeners.add(Objects.requireNonNull(listener));
        return () -> listeners.remove(listener);
    }

    /**
     * Sends {@code payload} on {@code topic} to every other node's {@link #subscribe} listeners,
     * best effort: without Redis, or while it fails, nobody hears it.
     */
    public void publish(String topic, String payload) {
        if (redis != null) {
            redis.publishAsync(wire("message", null, null, null, topic, payload), () -> { });
        }
    }

    /** The Redis tier, or null when running memory-only. */
    RedisTier redis() {
        return redis;
    }

    boolean enabled() {
        return enabled;
    }

    /** This node's id in messages between nodes. */
    public String nodeId() {
        return nodeId;
    }

    private byte[] wire(String op, CacheNamespace ns, Long org, List<String> keys) {
        return wire(op, ns, org, keys, null, null);
    }

    private byte[] wire(String op, CacheNamespace ns, Long org, List<String> keys, String topic, String payload) {
        return codec.mapper().writeValueAsBytes(new Wire(nodeId, op, ns == null ? null : ns.prefix(), org, keys, topic, payload));
    }

    private void onMessage(byte[] body) {
        Wire w;
        try {
            w = codec.mapper().readValue(body, Wire.class);
        } catch (RuntimeException unreadable) {
            log.debug("Unreadable cache message: {}", unreadable.toString());
            return;
        }
        if (nodeId.equals(w.node()) || w.op() == null) {
            return;
        }
        switch (w.op()) {
            case "evict" -> {
                CacheNamespace ns = CacheNamespace.ofPrefix(w.ns());
                Space s = spaces[ns.ordinal()];
                List<String> keys = w.keys() == null ? List.of() : w.keys();
                for (String rk : keys) {
                    dropLocal(s, rk, Eviction.REMOTE);
                }
                emit(new CacheEvent.Evicted(w.node(), ns, keys));
            }
            case "clear" -> {
                CacheNamespace ns = CacheNamespace.ofPrefix(w.ns());
                clearLocal(spaces[ns.ordinal()], w.org(), Eviction.REMOTE);
                emit(new CacheEvent.Cleared(w.node(), ns, w.org()));
            }
            case "message" -> emit(new CacheEvent.Message(w.node(), w.topic(), w.payload()));
            default -> log.debug("Unknown cache message op {}", w.op());
        }
    }

    /** (Re)subscribed: announcements may have been missed while we were not, so nothing local is trusted. */
    private void onSubscribed() {
        long dropped = 0;
        for (Space s : spaces) {
            dropped += s.local.estimatedSize();
            clearLocal(s, null, Eviction.REMOTE);
        }
        log.info("Cache subscribed to {}: in-process tier cleared ({} entries) in case evictions were missed",
                properties.redis().channel(), dropped);
        checkStatus();
    }

    private void checkStatus() {
        RedisStatus now = redisStatus();
        if (now != lastStatus) {
            lastStatus = now;
            emit(new CacheEvent.RedisStatusChanged(now));
            if (now == RedisStatus.UP) {
                replayPending();
            }
        }
    }

    /** Evictions and clears that could not reach Redis are done, and announced, once it is back. */
    private void replayPending() {
        if (redis == null || redis.status() != RedisStatus.UP) {
            return;
        }
        for (Scope scope : List.copyOf(pendingClears)) {
            pendingClears.remove(scope);
            if (!clearInRedis(scope)) {
                return;
            }
        }
        if (pendingEvictions.isEmpty()) {
            return;
        }
        Map<String, List<String>> byNamespace = new LinkedHashMap<>();
        for (String rk : List.copyOf(pendingEvictions)) {
            byNamespace.computeIfAbsent(rk.substring(0, rk.indexOf(':')), ns -> new ArrayList<>()).add(rk);
        }
        for (var group : byNamespace.entrySet()) {
            CacheNamespace ns = CacheNamespace.ofPrefix(group.getKey());
            List<String> keys = group.getValue();
            for (int i = 0; i < keys.size(); i += BATCH) {
                List<String> batch = keys.subList(i, Math.min(i + BATCH, keys.size()));
                try {
                    redis.deleteAndPublish(batch, wire("evict", ns, null, batch));
                    batch.forEach(pendingEvictions::remove);
                } catch (RedisTier.Unavailable u) {
                    return;
                }
            }
        }
        log.info("Cache: evictions made while Redis was unavailable are replayed");
    }

    private void emit(CacheEvent event) {
        for (Consumer<CacheEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                log.warn("Cache event listener failed on {}", event, e);
            }
        }
    }

    private void runOnCacheThread(Runnable task) {
        runOnCacheThread(task, Duration.ZERO);
    }

    private void runOnCacheThread(Runnable task, Duration delay) {
        try {
            scheduler.schedule(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Cache background task failed", e);
                }
            }, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RuntimeException rejected) {
            // shutting down
        }
    }

    // --- request memo ---------------------------------------------------------------------------

    /**
     * Opens the per-request memo on this thread (the web filter does this around every request);
     * inside it, a key read once is answered from the memo for the rest of the request. Nested
     * opens share the outer memo. Outside a scope the memo tier is skipped.
     */
    public RequestScope openRequestScope() {
        if (!enabled || memo.get() != null) {
            return () -> { };
        }
        memo.set(new HashMap<>());
        return memo::remove;
    }

    // --- state ----------------------------------------------------------------------------------

    /** UP (Redis in use), DEGRADED (configured but failing: memory-only) or DISABLED (no Redis). */
    public RedisStatus redisStatus() {
        return redis == null ? RedisStatus.DISABLED : redis.status();
    }

    /** What the health endpoint shows about the Redis tier. */
    public Map<String, Object> redisDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("redis", enabled ? properties.redis().describe() : "cache disabled");
        details.put("breaker", breakerState());
        if (redis != null) {
            details.put("connected", redis.connected());
            details.put("subscribed", redis.subscribed());
            details.put("pendingEvictions", pendingEvictions.size() + pendingClears.size());
        }
        return details;
    }

    /** Counters per namespace and tier since start or the last {@link #resetStats()}. */
    public CacheStats stats() {
        Map<CacheNamespace, CacheStats.Namespace> perNamespace = new EnumMap<>(CacheNamespace.class);
        for (Space s : spaces) {
            perNamespace.put(s.namespace, s.stats.snapshot(s.local.estimatedSize()));
        }
        return new CacheStats(perNamespace, redisStatus(), breakerState());
    }

    /** Zeroes what {@link #stats()} reports (the Micrometer meters stay monotonic). */
    public void resetStats() {
        metrics.reset();
    }

    public CacheProperties properties() {
        return properties;
    }

    String breakerState() {
        return redis == null ? "NONE" : redis.breakerState();
    }

    /** Test hook: the Redis tier, or null. */
    RedisTier redisTier() {
        return redis;
    }

    @Override
    public void close() {
        if (redis != null) {
            redis.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
