package dev.brisk.cache;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidation without scanning: a cache key carries the generation of what its value was
 * computed from, and a change makes a new generation, so entries of the old one are never read
 * again (they age out). Two levels per namespace:
 *
 * <ul>
 *   <li>a version per (org, resource), set from the change itself (the database's change
 *       sequence number), so every node that hears the change moves to the same version without
 *       coordinating;</li>
 *   <li>an epoch, renewed when a node may have missed changes (its LISTEN connection dropped).
 *       An epoch is a timestamp plus random bits; nodes tell each other over Redis pub/sub and
 *       keep the newest, so they converge on one.</li>
 * </ul>
 *
 * Both live in Redis too, so a node that starts late reads what the others use, and each node
 * mirrors them in memory. A change made while Redis is unreachable is written again when Redis is
 * back, so a node that reads Redis later cannot pick up the version from before the change.
 */
public final class Generations {

    private static final Logger log = LoggerFactory.getLogger(Generations.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOPIC = "brisk.cache.epoch";
    private static final String INITIAL = "0";
    private static final long TTL_MILLIS = 30L * 24 * 3600 * 1000;

    private final TieredCache cache;
    private final RedisTier redis;
    private final Map<String, String> mirror = new ConcurrentHashMap<>();
    private final Set<String> unwritten = ConcurrentHashMap.newKeySet();

    public Generations(TieredCache cache) {
        this.cache = cache;
        this.redis = cache.enabled() ? cache.redis() : null;
        cache.subscribe(event -> {
            if (event instanceof CacheEvent.RedisStatusChanged changed && changed.status() == RedisStatus.UP) {
                rewriteUnwritten();
            } else if (event instanceof CacheEvent.Message message && TOPIC.equals(message.topic())) {
                int split = message.payload().indexOf('=');
                adoptIfNewer(message.payload().substring(0, split), message.payload().substring(split + 1));
            }
        });
    }

    /** The generation of one organization's {@code resource} in {@code namespace}, epoch included: put it in the key. */
    public String of(CacheNamespace namespace, long orgId, String resource) {
        return token(epochKey(namespace), true) + '.' + token(key(namespace, orgId, resource), false);
    }

    /**
     * A change to the organization's {@code resource}, numbered {@code version} (the same on
     * every node): keys made before it are dead.
     */
    public void advance(CacheNamespace namespace, long orgId, String resource, long version) {
        String key = key(namespace, orgId, resource);
        String token = Long.toString(version);
        mirror.merge(key, token, (old, now) -> Long.parseLong(now) > Long.parseLong(old) ? now : old);
        write(key, mirror.get(key));
    }

    /** Anything in {@code namespace} may have changed: every key of it, for every org, is dead. */
    public void renewEpoch(CacheNamespace namespace) {
        String key = epochKey(namespace);
        String token = newEpoch();
        mirror.put(key, token);
        write(key, token);
        cache.publish(TOPIC, key + '=' + token);
    }

    private String token(String key, boolean epoch) {
        String token = mirror.get(key);
        return token != null ? token : mirror.computeIfAbsent(key, k -> readOrCreate(k, epoch));
    }

    private String readOrCreate(String key, boolean epoch) {
        if (redis != null) {
            try {
                byte[] stored = redis.get(key);
                if (stored != null) {
                    return new String(stored, StandardCharsets.US_ASCII);
                }
            } catch (RedisTier.Unavailable e) {
                // memory-only for now; a token of our own only means misses
            }
        }
        if (!epoch) {
            return INITIAL; // never changed as far as anyone recorded
        }
        String token = newEpoch();
        write(key, token);
        cache.publish(TOPIC, key + '=' + token);
        return token;
    }

    /**
     * Epochs order by creation time, so the newest one wins wherever two meet. An adopted epoch is
     * written back, so Redis ends on the newest too, whichever node's write arrived last.
     */
    private void adoptIfNewer(String key, String token) {
        String before = mirror.get(key);
        if (token.equals(mirror.merge(key, token, (old, now) -> now.compareTo(old) > 0 ? now : old)) && !token.equals(before)) {
            write(key, token);
        }
    }

    private void write(String key, String token) {
        if (redis != null) {
            unwritten.remove(key);
            redis.setAsync(key, token.getBytes(StandardCharsets.US_ASCII), TTL_MILLIS, () -> unwritten.add(key));
        }
    }

    private void rewriteUnwritten() {
        if (!unwritten.isEmpty()) {
            log.info("Writing {} cache generations changed while Redis was unreachable", unwritten.size());
            for (String key : Set.copyOf(unwritten)) {
                write(key, mirror.get(key));
            }
        }
    }

    private static String key(CacheNamespace namespace, long orgId, String resource) {
        return "gen:" + namespace.prefix() + ':' + orgId + ':' + resource;
    }

    private static String epochKey(CacheNamespace namespace) {
        return "gen:" + namespace.prefix() + ":epoch";
    }

    private static String newEpoch() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return String.format("%012x", System.currentTimeMillis()) + HexFormat.of().formatHex(bytes);
    }
}
