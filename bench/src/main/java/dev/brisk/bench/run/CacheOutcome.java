package dev.brisk.bench.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the {@code cache} descriptor of Server-Timing. Brisk reports one tier per namespace,
 * {@code "auth=local api=miss"}; a descriptor without '=' ({@code "local"}) is one outcome for
 * the whole response. Tiers: memo, local, redis (hits), miss, and bypass: the server skipped the
 * response cache, {@code bypass-own} because it had not yet heard the caller's own last change,
 * {@code bypass-listen} because its LISTEN connection was down (plain {@code bypass}: older servers).
 */
public final class CacheOutcome {

    /** The namespace a bare descriptor ("local") is filed under. */
    public static final String ANY = "any";

    private CacheOutcome() {}

    /** {@code "auth=local api=miss"} → {auth=local, api=miss}; {@code "local"} → {any=local}; null → {}. */
    public static Map<String, String> parse(String descriptor) {
        Map<String, String> out = new LinkedHashMap<>();
        if (descriptor == null || descriptor.isBlank()) {
            return out;
        }
        for (String part : descriptor.trim().split("[\\s,]+")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                out.put(ANY, part.toLowerCase(Locale.ROOT));
            } else {
                String ns = part.substring(0, eq).toLowerCase(Locale.ROOT);
                if (ns.endsWith(":")) {
                    ns = ns.substring(0, ns.length() - 1);
                }
                out.put(ns, part.substring(eq + 1).toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    public static boolean isMiss(String tier) {
        return "miss".equals(tier);
    }

    public static boolean isBypass(String tier) {
        return tier != null && tier.startsWith("bypass");
    }

    /** Why a response bypassed the response cache ("own-change", "listen-down", "unspecified"), or null when it did not. */
    public static String bypassReason(String descriptor) {
        for (String tier : parse(descriptor).values()) {
            if (isBypass(tier)) {
                return switch (tier) {
                    case "bypass-own" -> "own-change";
                    case "bypass-listen" -> "listen-down";
                    default -> "unspecified";
                };
            }
        }
        return null;
    }

    /**
     * The response's class: for a response that read a data namespace (api, dashboard, or a bare
     * descriptor) "hit" when every namespace it read answered from a tier and "miss" when any of
     * them (authentication included) ran its loader; "auth" when it read the auth namespace only
     * (writes, GET /api/auth/me); "none" without a cache descriptor.
     */
    public static String classify(String descriptor) {
        Map<String, String> parts = parse(descriptor);
        if (parts.isEmpty()) {
            return "none";
        }
        boolean data = false;
        boolean miss = false;
        boolean bypass = false;
        for (Map.Entry<String, String> e : parts.entrySet()) {
            data |= !e.getKey().equals("auth");
            miss |= isMiss(e.getValue());
            bypass |= isBypass(e.getValue());
        }
        if (bypass) {
            return "bypass";
        }
        if (data) {
            return miss ? "miss" : "hit";
        }
        return "auth";
    }

    /**
     * Per namespace: share of responses whose tier was not "miss", from counts of whole
     * descriptors (as in {@link Results.Scenario#cache()}); namespaces never read are absent.
     */
    public static Map<String, Double> hitRatios(Map<String, Long> descriptorCounts) {
        Map<String, long[]> byNs = new LinkedHashMap<>();
        descriptorCounts.forEach((descriptor, count) -> {
            if (descriptor.equals("none")) {
                return;
            }
            parse(descriptor).forEach((ns, tier) -> {
                long[] c = byNs.computeIfAbsent(ns, k -> new long[2]);
                c[0] += count;
                if (!isMiss(tier) && !isBypass(tier)) {
                    c[1] += count;
                }
            });
        });
        Map<String, Double> out = new java.util.TreeMap<>();
        byNs.forEach((ns, c) -> out.put(ns, c[0] == 0 ? null : Rounding.round3((double) c[1] / c[0])));
        return out;
    }

    /** Counts of whole descriptors (as in {@link Results.Operation#cache()}) → the reads among them, by outcome. */
    public static Results.Reads reads(Map<String, Long> descriptorCounts) {
        long hits = 0;
        long misses = 0;
        long bypassed = 0;
        Map<String, Long> reasons = new java.util.TreeMap<>();
        for (Map.Entry<String, Long> e : descriptorCounts.entrySet()) {
            switch (e.getKey().equals("none")
                    ? "none"
                    : classify(e.getKey())) { // "none": the Recorder's name for no descriptor
                case "hit" -> hits += e.getValue();
                case "miss" -> misses += e.getValue();
                case "bypass" -> {
                    bypassed += e.getValue();
                    reasons.merge(bypassReason(e.getKey()), e.getValue(), Long::sum);
                }
                default -> {
                    // writes and auth-only responses: no response-cache read
                }
            }
        }
        long reads = hits + misses + bypassed;
        return new Results.Reads(
                reads,
                hits,
                misses,
                bypassed,
                reasons,
                reads == 0 ? null : Rounding.round3((double) hits / reads),
                reads == 0 ? null : Rounding.round3((double) bypassed / reads));
    }
}
