package dev.brisk.cache;

import dev.brisk.cache.internal.RedisTier;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidation without scanning: a cache key carries the generation of what its value was
 * computed from, and a change makes a new generation, so entries of the old one are never read
 * again (they age out). Per namespace:
 *
 * <ul>
 *   <li>a version per (org, resource), set from the change itself (the database's change
 *       sequence number), so every node that hears the change moves to the same version without
 *       coordinating;</li>
 *   <li>the same per resource for all orgs at once, for a statement too wide to list its orgs;</li>
 *   <li>an epoch, renewed when a node may have missed changes (its LISTEN connection dropped).
 *       An epoch is a timestamp plus random bits; nodes tell each other over Redis pub/sub and
 *       keep the newest, so they converge on one.</li>
 * </ul>
 *
 * All of them live in Redis too, so a node that starts late reads what the others use, and each
 * node mirrors them in memory. A change made while Redis is unreachable is written again when Redis is
 * back, so a node that reads Redis later cannot pick up the version from before the change.
 */
public final class Generations {

    private static final Logger log = LoggerFactory.getLogger(Generations.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOPIC = "brisk.cache.epoch";
    private static final String INITIAL = "0";
    private static final String ALL_ORGS = "*";
    private static final long TTL_MILLIS = 30L * 24 * 3600 * 1000;
    private static final long GUESS_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final TieredCache cache;
    private final RedisTier redis;
    private final Map<String, String> mirror = new ConcurrentHashMap<>();
    private final Set<String> unwritten = ConcurrentHashMap.newKeySet();
    /** Tokens made up while Redis could not be read, asked for again after a while. */
    private final Map<String, Guess> guesses = new ConcurrentHashMap<>();

    private record Guess(String token, long retryAt) {}

    public Generations(TieredCache cache) {
        this.cache = cache;
        this.redis = cache.enabled() ? cache.redis() : null;
        cache.subscribe(event -> {
            if (event instanceof CacheEvent.RedisStatusChanged changed && changed.status() == RedisStatus.UP) {
                guesses.clear();
                rewriteUnwritten();
            } else if (event instanceof CacheEvent.Message message && TOPIC.equals(message.topic())) {
                int split = message.payload().indexOf('=');
                adoptIfNewer(message.payload().substring(0, split), message.payload().substring(split + 1));
            }
        });
    }

    /** The generation of one organization's {@code resource} in {@code namespace}, epoch included: put it in the key. */
    public String of(CacheNamespace namespace, long orgId, String resource) {
        return token(epochKey(namespace), true) + '.' + token(key(namespace, ALL_ORGS, resource), false)
                + '.' + token(key(namespace, Long.toString(orgId), resource), false);
    }

    /**
     * A change to the organization's {@code resource}, numbered {@code version} (the same on
     * every node): keys made before it are dead.
     */
    public void advance(CacheNamespace namespace, long orgId, String resource, long version) {
        advance(key(namespace, Long.toString(orgId), resource), version);
    }

    /** A change to {@code resource} of every organization (a statement too wide to list them). */
    public void advanceAll(CacheNamespace namespace, String resource, long version) {
        advance(key(namespace, ALL_ORGS, resource), version);
    }

    private void advance(String key, long version) {
        write(key, mirror.merge(key, Long.toString(version), Generations::higher));
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
        if (token != null) {
            return token;
        }
        Guess guess = guesses.get(key);
        return guess != null && System.nanoTime() - guess.retryAt() < 0 ? guess.token() : read(key, epoch, guess);
    }

    private String read(String key, boolean epoch, Guess guess) {
        byte[] stored = null;
        if (redis != null) {
            try {
                stored = redis.get(key);
            } catch (RedisTier.Unavailable e) {
                // Not "never changed": Redis may hold entries of an older generation under that
                // token. A token of this node's own only means misses until Redis answers again.
                String token = guess != null ? guess.token() : "guess-" + newEpoch();
                guesses.put(key, new Guess(token, System.nanoTime() + GUESS_RETRY_NANOS));
                return token;
            }
        }
        guesses.remove(key);
        if (stored != null) {
            String token = new String(stored, StandardCharsets.US_ASCII);
            return mirror.merge(key, token, epoch ? Generations::newer : Generations::higher);
        }
        if (!epoch) {
            return mirror.merge(key, INITIAL, Generations::higher); // never changed as far as anyone recorded
        }
        String token = newEpoch();
        String kept = mirror.putIfAbsent(key, token);
        if (kept != null) {
            return kept;
        }
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
        if (token.equals(mirror.merge(key, token, Generations::newer)) && !token.equals(before)) {
            write(key, token);
        }
    }

    /** Versions are change sequence numbers: the higher one is the later change. */
    private static String higher(String old, String now) {
        return Long.parseLong(now) > Long.parseLong(old) ? now : old;
    }

    /** Epochs start with their creation time in hex, fixed width: the greater string is the newer. */
    private static String newer(String old, String now) {
        return now.compareTo(old) > 0 ? now : old;
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

    /** The org id is the key's hash tag: in a Redis Cluster an org's generations live in one slot, together. */
    private static String key(CacheNamespace namespace, String orgId, String resource) {
        return "gen:" + namespace.prefix() + ":{" + orgId + "}:" + resource;
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
