package dev.brisk.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ids the load can use, read once per organization through the API (first 100 of each list):
 * the "hot" rows of details, new orders and status changes. A list endpoint that does not answer
 * 200 switches off the operations that need it; the report says which.
 */
final class Pools {

    static final String[] RESOURCES = {"customers", "products", "orders", "invoices"};

    record OrgPool(long[] customers, long[] products, long[] orders, long[] invoices) {

        long[] of(String resource) {
            return switch (resource) {
                case "customers" -> customers;
                case "products" -> products;
                case "orders" -> orders;
                case "invoices" -> invoices;
                default -> throw new IllegalArgumentException(resource);
            };
        }
    }

    /** HTTP status of each resource's list for the first organization (200 = available). */
    final Map<String, Integer> status = new LinkedHashMap<>();

    final Map<Integer, OrgPool> byOrg = new LinkedHashMap<>();

    /** Extra endpoints probed once: "dashboard", "monitoring" (status of the first GET). */
    final Map<String, Integer> probes = new LinkedHashMap<>();

    boolean available(String resource) {
        if (probes.containsKey(resource)) {
            return probes.get(resource) == 200;
        }
        Integer s = status.get(resource);
        return s != null && s == 200;
    }

    void load(Api api, int org, String token) {
        long[][] ids = new long[RESOURCES.length][];
        for (int i = 0; i < RESOURCES.length; i++) {
            String resource = RESOURCES[i];
            String path = "/api/" + resource + "?limit=100" + (resource.equals("products") ? "&status=ACTIVE" : "");
            Api.Response r = api.get(path, token);
            status.putIfAbsent(resource, r.status());
            ids[i] = r.ok() ? ids(r.json()) : new long[0];
        }
        byOrg.put(org, new OrgPool(ids[0], ids[1], ids[2], ids[3]));
    }

    private static long[] ids(JsonNode page) {
        List<Long> out = new ArrayList<>();
        if (page != null && page.get("items") != null) {
            for (JsonNode item : page.get("items")) {
                if (item.hasNonNull("id") && item.get("id").canConvertToLong()) {
                    out.add(item.get("id").asLong());
                }
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    Map<String, Integer> sizes() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String r : RESOURCES) {
            m.put(r, byOrg.values().stream().mapToInt(p -> p.of(r).length).sum());
        }
        return m;
    }
}
