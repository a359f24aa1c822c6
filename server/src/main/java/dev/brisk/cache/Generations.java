package dev.brisk.cache;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.brisk.cache.internal.RedisTier;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *       coordinating; lists depend on these;</li>
 *   <li>the same for the org's rows of resource that existed before the change: moved by updates
 *       and deletes, not by a statement that only inserted; a response that only joins the
 *       resource for fields of its own rows depends on this one;</li>
 *   <li>a version per row (resource, id), the same way, for details: a change to customer 42
 *       moves row 42 only. A statement too wide to list its rows moves the (org, resource)
 *       row floor instead, which every row token of that org includes;</li>
 *   <li>the same per resource for all orgs at once, for a statement too wide to list its orgs;</li>
 *   <li>an epoch, renewed when a node may have missed changes (its LISTEN connection dropped).
 *       An epoch is a timestamp plus random bits; nodes tell each other over Redis pub/sub and
 *       keep the newest, so they converge on one.</li>
 * </ul>
 *
 * All of them live in Redis too, so a node that starts late reads what the others use, and each
 * node mirrors them in memory (row versions in a bounded map: an evicted one is read again). A
 * change made while Redis is unreachable is written again when Redis is back, so a node that reads
 * Redis later cannot pick up the version from before the change. A key Redis does not hold means
 * "never changed" only while Redis cannot evict keys ({@link EvictionCheck}); otherwise the node
 * uses a token of its own for it (misses, never an older generation's entries).
 */
public final class Generations {

    private static final Logger log = LoggerFactory.getLogger(Generations.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOPIC = "brisk.cache.epoch";
    private static final String INITIAL = "0";
    private static final String ALL_ORGS = "*";
    private static final String ROW_FLOOR = "#rows";
    private static final String EXISTING = "#existing";
    private static final long TTL_MILLIS = 30L * 24 * 3600 * 1000;
    private static final long GUESS_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_ROWS_IN_MEMORY = 200_000;
    private static final int MAX_UNWRITTEN = 20_000;

    private final TieredCache cache;
    private final RedisTier redis;
    /** Row versions live this long in Redis: longer than any API entry, so a row key that has
     *  expired guards no entry any more (a late node reading "never changed" finds nothing stale). */
    private final long rowTtlMillis;

    private final EvictionCheck eviction;
    private final Map<String, String> mirror = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> rowMirror = Caffeine.newBuilder()
            .maximumSize(MAX_ROWS_IN_MEMORY)
            .<String, String>build()
            .asMap();
    private final Set<String> unwritten = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean unwrittenOverflow = new AtomicBoolean();
    /** Tokens made up while Redis could not be read (or could have evicted the key), asked for again after a while. */
    private final ConcurrentMap<String, Guess> guesses = Caffeine.newBuilder()
            .maximumSize(MAX_ROWS_IN_MEMORY)
            .<String, Guess>build()
            .asMap();

    private record Guess(String token, long retryAt) {}

    public Generations(TieredCache cache) {
        this.cache = cache;
        this.redis = cache.enabled() ? cache.redis() : null;
        CacheProperties.Namespace api = cache.properties().api();
        long longestEntry = Math.max(api.localTtl().toMillis(), api.redisTtl().toMillis());
        this.rowTtlMillis = Math.max(TimeUnit.HOURS.toMillis(1), 4 * longestEntry);
        this.eviction = new EvictionCheck(redis);
        cache.subscribe(event -> {
            if (event instanceof CacheEvent.RedisStatusChanged changed && changed.status() == RedisStatus.UP) {
                // the policy may have changed with the server: check it before trusting a missing key again
                Thread.ofVirtual().name("brisk-eviction-check").start(() -> {
                    eviction.check();
                    guesses.clear();
                    rewriteUnwritten();
                });
            } else if (event instanceof CacheEvent.Message message && TOPIC.equals(message.topic())) {
                int split = message.payload().indexOf('=');
                adoptIfNewer(
                        message.payload().substring(0, split), message.payload().substring(split + 1));
            }
        });
        if (redis != null) {
            Thread.ofVirtual().name("brisk-eviction-check").start(eviction::check);
        }
    }

    /** The generation of one organization's {@code resource} in {@code namespace}, epoch included: put it in the key. */
    public String of(CacheNamespace namespace, long orgId, String resource) {
        return token(epochKey(namespace), true)
                + '.'
                + token(key(namespace, ALL_ORGS, resource), false)
                + '.'
                + token(key(namespace, Long.toString(orgId), resource), false);
    }

    /**
     * The generation of the organization's rows of {@code resource} that existed before each change:
     * what a response depends on that shows fields of those rows only through rows of its own (an
     * order list searched by customer name). A new row of the resource is no part of it.
     */
    public String ofExisting(CacheNamespace namespace, long orgId, String resource) {
        return of(namespace, orgId, resource + EXISTING);
    }

    /**
     * The version of one row (a detail depends on it): the epoch, the row floors (all orgs, this
     * org) that a statement too wide to list its rows moves, and the row's own version. Ids are
     * unique across organizations, so the row's key does not name one.
     */
    public String ofRow(CacheNamespace namespace, long orgId, String resource, long id) {
        return token(epochKey(namespace), true)
                + '.'
                + token(key(namespace, ALL_ORGS, resource + ROW_FLOOR), false)
                + '.'
                + token(key(namespace, Long.toString(orgId), resource + ROW_FLOOR), false)
                + '.'
                + token(rowKey(namespace, resource, id), false);
    }

    /**
     * A change to the organization's {@code resource}, numbered {@code version} (the same on
     * every node): keys made before it are dead.
     */
    public void advance(CacheNamespace namespace, long orgId, String resource, long version) {
        advance(key(namespace, Long.toString(orgId), resource), version);
    }

    /** A change to existing rows of the organization's {@code resource} (an update or a delete, not an insert). */
    public void advanceExisting(CacheNamespace namespace, long orgId, String resource, long version) {
        advance(namespace, orgId, resource + EXISTING, version);
    }

    /** A change to {@code resource} of every organization (a statement too wide to list them), rows included. */
    public void advanceAll(CacheNamespace namespace, String resource, long version) {
        advance(key(namespace, ALL_ORGS, resource), version);
        advance(key(namespace, ALL_ORGS, resource + EXISTING), version);
        advance(key(namespace, ALL_ORGS, resource + ROW_FLOOR), version);
    }

    /** A change to one row of {@code resource}. */
    public void advanceRow(CacheNamespace namespace, String resource, long id, long version) {
        advance(rowKey(namespace, resource, id), version);
    }

    /** A change to rows of the organization's {@code resource} too many to list: every row of it. */
    public void advanceRows(CacheNamespace namespace, long orgId, String resource, long version) {
        advance(key(namespace, Long.toString(orgId), resource + ROW_FLOOR), version);
    }

    private void advance(String key, long version) {
        write(key, mirror(key).merge(key, Long.toString(version), Generations::higher));
    }

    /** Anything in {@code namespace} may have changed: every key of it, for every org, is dead. */
    public void renewEpoch(CacheNamespace namespace) {
        String key = epochKey(namespace);
        String token = newEpoch();
        mirror.put(key, token);
        write(key, token);
        cache.publish(TOPIC, key + '=' + token);
    }

    /** For the health details: whether a missing generation in Redis can be trusted to mean "never changed". */
    EvictionCheck eviction() {
        return eviction;
    }

    private String token(String key, boolean epoch) {
        String token = mirror(key).get(key);
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
                return guess(key, guess);
            }
            if (stored == null && !epoch && (!eviction.missingMeansNeverSet() || unwritten.contains(key))) {
                // the key may have been evicted while entries it guarded stayed (a missing epoch
                // is safe either way: a new one is made, which no entry carries)
                return guess(key, guess);
            }
        }
        guesses.remove(key);
        Map<String, String> map = mirror(key);
        if (stored != null) {
            String token = new String(stored, StandardCharsets.US_ASCII);
            return map.merge(key, token, epoch ? Generations::newer : Generations::higher);
        }
        if (!epoch) {
            return map.merge(key, INITIAL, Generations::higher); // never changed as far as anyone recorded
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

    private String guess(String key, Guess guess) {
        String token = guess != null ? guess.token() : "guess-" + newEpoch();
        guesses.put(key, new Guess(token, System.nanoTime() + GUESS_RETRY_NANOS));
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

    private Map<String, String> mirror(String key) {
        return isRow(key) ? rowMirror : mirror;
    }

    private void write(String key, String token) {
        if (redis != null && token != null) {
            unwritten.remove(key);
            redis.setAsync(
                    key,
                    token.getBytes(StandardCharsets.US_ASCII),
                    isRow(key) ? rowTtlMillis : TTL_MILLIS,
                    () -> remember(key));
        }
    }

    private void remember(String key) {
        if (unwritten.size() < MAX_UNWRITTEN) {
            unwritten.add(key);
        } else {
            unwrittenOverflow.set(true);
        }
    }

    private void rewriteUnwritten() {
        if (unwrittenOverflow.getAndSet(false)) {
            // too many to replay: a new epoch makes every older key unreachable instead
            log.info(
                    "More than {} cache generations changed while Redis was unreachable: starting new epochs",
                    MAX_UNWRITTEN);
            unwritten.clear();
            for (CacheNamespace namespace : CacheNamespace.values()) {
                renewEpoch(namespace);
            }
            return;
        }
        if (!unwritten.isEmpty()) {
            log.info("Writing {} cache generations changed while Redis was unreachable", unwritten.size());
            for (String key : Set.copyOf(unwritten)) {
                String token = mirror(key).get(key);
                if (token != null) {
                    write(key, token);
                } else {
                    // a row version the bounded mirror let go of: nothing older may be read under "0"
                    unwrittenOverflow.set(true);
                }
            }
            if (unwrittenOverflow.get()) {
                rewriteUnwritten();
            }
        }
    }

    private static boolean isRow(String key) {
        return key.indexOf(":row:") > 0;
    }

    /** The org id is the key's hash tag: in a Redis Cluster an org's generations live in one slot, together. */
    private static String key(CacheNamespace namespace, String orgId, String resource) {
        return "gen:" + namespace.prefix() + ":{" + orgId + "}:" + resource;
    }

    private static String rowKey(CacheNamespace namespace, String resource, long id) {
        return "gen:" + namespace.prefix() + ":row:" + resource + ':' + id;
    }

    private static String epochKey(CacheNamespace namespace) {
        return "gen:" + namespace.prefix() + ":epoch";
    }

    private static String newEpoch() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return String.format("%012x", System.currentTimeMillis())
                + HexFormat.of().formatHex(bytes);
    }
}
