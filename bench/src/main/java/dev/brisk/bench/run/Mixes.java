package dev.brisk.bench.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** The operations of each scenario and their fixed weights (percent), and the check of a custom mix. */
final class Mixes {

    private Mixes() {}

    /** high-load and redis-down: filtered lists, search, details, dashboard and 6 % writes. */
    static final Map<String, Integer> MIXED = ordered(
            "customers.search", 8,
            "customers.list", 7,
            "orders.list.filtered", 12,
            "orders.list", 8,
            "products.search", 5,
            "products.list", 5,
            "invoices.list.filtered", 8,
            "list.next-page", 5,
            "customers.get", 8,
            "orders.get", 10,
            "products.get", 4,
            "invoices.get", 4,
            "dashboard", 10,
            "customers.create", 2,
            "orders.create", 2,
            "orders.patch-status", 2);

    /** warm and cold: a small hot set that a cache can hold entirely. */
    static final Map<String, Integer> WARM = ordered(
            "dashboard", 30,
            "customers.list", 10,
            "orders.list", 10,
            "products.list", 10,
            "invoices.list", 10,
            "customers.get.hot", 10,
            "orders.get.hot", 10,
            "products.get.hot", 5,
            "invoices.get.hot", 5);

    /** cache-miss: every request a key never seen before. */
    static final Map<String, Integer> CACHE_MISS = ordered(
            "list.walk", 40,
            "orders.unique-range", 15,
            "customers.unique-range", 10,
            "invoices.unique-range", 5,
            "customers.unique-search", 20,
            "products.unique-search", 10);

    static final Map<String, Integer> FLOOR = ordered("auth.me", 100);

    static final Map<String, Integer> DASHBOARD = ordered("dashboard", 100);

    private static final java.util.Set<String> KNOWN = java.util.stream.Stream.of(
                    MIXED, WARM, CACHE_MISS, FLOOR, DASHBOARD)
            .flatMap(m -> m.keySet().stream())
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    static void validate(Map<String, Integer> weights) {
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
            if (!KNOWN.contains(e.getKey())) {
                throw new IllegalArgumentException(
                        "unknown operation " + e.getKey() + "; known: " + new java.util.TreeSet<>(KNOWN));
            }
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("weight of " + e.getKey() + " must be >= 0");
            }
        }
    }

    private static Map<String, Integer> ordered(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
