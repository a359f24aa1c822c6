package dev.brisk.bench.run;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Why a detail read ({@code GET /api/<resource>/<id>}) missed the response cache, as far as the load
 * itself can tell. It sees every response of a scenario, warm-up included, and files each measured
 * {@code api=miss} of a detail under one cause:
 *
 * <ul>
 *   <li>{@value #FIRST}: no earlier response for this (org, path) in the scenario: a cold key;</li>
 *   <li>{@value #OWN_WRITE}: this load wrote that row (a PATCH/DELETE/POST on the same path) after the
 *       entry was last filled, so the miss is the invalidation doing its job;</li>
 *   <li>{@value #AGAIN_YOUNG}: read before, filled less than {@link #REDIS_TTL_FLOOR_SECONDS} s ago and not
 *       written by this load: the entry should still have been in Redis (an invalidation by another
 *       writer, a wider invalidation than the row, an eviction or a new cache epoch);</li>
 *   <li>{@value #AGAIN_OLD}: filled at least that long ago: the entry may simply have expired.</li>
 * </ul>
 *
 * "Filled" is the last miss of that key (the server stored the response then), or its first read when
 * every read so far was a hit (an entry from before the scenario: its age is a lower bound).
 */
public final class MissCauses {

    public static final String FIRST = "first";
    public static final String OWN_WRITE = "own-write";
    public static final String AGAIN_YOUNG = "again-young";
    public static final String AGAIN_OLD = "again-old";

    /** The server's default api: Redis TTL (5 min) minus its ±10 % jitter: younger entries cannot have expired. */
    public static final long REDIS_TTL_FLOOR_SECONDS = 270;

    private static final Pattern DETAIL = Pattern.compile("/api/[a-z]+/\\d+");
    private static final long TTL_FLOOR_NANOS = TimeUnit.SECONDS.toNanos(REDIS_TTL_FLOOR_SECONDS);

    private final ConcurrentHashMap<String, Long> filled = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> written = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, LongAdder>> counts = new ConcurrentHashMap<>();

    /** One response of user {@code u}; {@code measured} false during the warm-up (remembered, not counted). */
    void observe(int org, String op, String method, String path, Api.Response r, boolean measured) {
        if (!r.ok() || !DETAIL.matcher(path).matches()) {
            return;
        }
        String key = org + " " + path;
        long at = r.endNanos();
        if (!method.equals("GET")) {
            written.merge(key, at, Math::max);
            return;
        }
        String api = CacheOutcome.parse(r.timing().cache()).get("api");
        boolean miss = CacheOutcome.isMiss(api);
        if (!miss && (api == null || CacheOutcome.isBypass(api))) {
            return; // no response-cache read
        }
        Long before = miss ? filled.put(key, at) : filled.putIfAbsent(key, at);
        if (!miss || !measured) {
            return;
        }
        Long write = written.get(key);
        String cause;
        if (before == null) {
            cause = FIRST;
        } else if (write != null && write - before > 0) {
            cause = OWN_WRITE;
        } else {
            cause = at - before < TTL_FLOOR_NANOS ? AGAIN_YOUNG : AGAIN_OLD;
        }
        counts.computeIfAbsent(op, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(cause, k -> new LongAdder())
                .increment();
    }

    /** Measured misses of {@code op} by cause; null when it had no detail miss. */
    Map<String, Long> of(String op) {
        ConcurrentHashMap<String, LongAdder> c = counts.get(op);
        if (c == null) {
            return null;
        }
        Map<String, Long> out = new TreeMap<>();
        c.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
