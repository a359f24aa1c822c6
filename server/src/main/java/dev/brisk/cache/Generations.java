package dev.brisk.cache;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidation without scanning: a cache key carries the current generation of what its value was
 * computed from, and a change makes a new generation, so entries of the old one are simply never
 * read again (they age out). A generation is a random token, never a counter, so it cannot come
 * back: a node that restarts, or whose Redis was emptied, can only miss, never meet an old entry.
 *
 * <p>Two levels per namespace: an epoch (bumped when this node may have missed changes, e.g.
 * after losing its database LISTEN connection) and a generation per (org, resource). Tokens live
 * in Redis so every node, including one that starts late, reads the same; each node mirrors them
 * in memory. A bump made while Redis is unreachable is kept and written again, as a fresh token,
 * when Redis is back, so a node that reads Redis later cannot pick up the pre-change token.
 */
public final class Generations {

    private static final Logger log = LoggerFactory.getLogger(Generations.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Much longer than any entry's TTL; an expired token only costs misses. */
    private static final long TOKEN_TTL_MILLIS = 24 * 3600 * 1000L;

    private final RedisTier redis;
    private final Map<String, String> mirror = new ConcurrentHashMap<>();
    private final Set<String> unwritten = ConcurrentHashMap.newKeySet();

    public Generations(TieredCache cache) {
        this.redis = cache.enabled() ? cache.redis() : null;
        cache.subscribe(event -> {
            if (event instanceof CacheEvent.RedisStatusChanged changed && changed.status() == RedisStatus.UP) {
                rewriteUnwritten();
            }
        });
    }

    /** The token for one organization's {@code resource} in {@code namespace}, epoch included: put it in the key. */
    public String of(CacheNamespace namespace, long orgId, String resource) {
        return token(epochKey(namespace)) + '.' + token(key(namespace, orgId, resource));
    }

    /** A change to the organization's {@code resource}: keys made with the old token are dead. */
    public void bump(CacheNamespace namespace, long orgId, String resource) {
        renew(key(namespace, orgId, resource));
    }

    /** Anything in {@code namespace} may have changed: every key of it, for every org, is dead. */
    public void bumpEpoch(CacheNamespace namespace) {
        renew(epochKey(namespace));
    }

    private String token(String key) {
        String token = mirror.get(key);
        return token != null ? token : mirror.computeIfAbsent(key, this::readOrCreate);
    }

    private String readOrCreate(String key) {
        if (redis != null) {
            try {
                byte[] stored = redis.get(key);
                if (stored != null) {
                    return new String(stored, StandardCharsets.US_ASCII);
                }
            } catch (RedisTier.Unavailable e) {
                // memory-only for now: a private token only means misses for this node
            }
        }
        String token = random();
        write(key, token);
        return token;
    }

    private void renew(String key) {
        String token = random();
        mirror.put(key, token);
        write(key, token);
    }

    private void write(String key, String token) {
        if (redis != null) {
            unwritten.remove(key);
            redis.setAsync(key, token.getBytes(StandardCharsets.US_ASCII), TOKEN_TTL_MILLIS, () -> unwritten.add(key));
        }
    }

    /** Redis is back: bumps it never heard of get a fresh token there (and here), so no node reads a pre-change one. */
    private void rewriteUnwritten() {
        if (!unwritten.isEmpty()) {
            log.info("Writing {} generation bumps made while Redis was unreachable", unwritten.size());
            for (String key : Set.copyOf(unwritten)) {
                renew(key);
            }
        }
    }

    private static String key(CacheNamespace namespace, long orgId, String resource) {
        return "gen:" + namespace.prefix() + ':' + orgId + ':' + resource;
    }

    private static String epochKey(CacheNamespace namespace) {
        return "gen:" + namespace.prefix() + ":epoch";
    }

    private static String random() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
