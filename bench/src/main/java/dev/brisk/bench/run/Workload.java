package dev.brisk.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import dev.brisk.datagen.Words;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Picks the requests of a scenario from its mix ({@link Mixes}) and keeps each user's state
 * (cursors, created orders). An operation whose list endpoint is not available is dropped and the
 * rest keep their proportions.
 */
final class Workload {

    /** A request to make: {@code op} names it in the report. */
    record Request(String op, String method, String path, Object body) {}

    private static final String[] ORDER_STATUSES = {"DRAFT", "PLACED", "PAID", "SHIPPED", "CANCELLED", "REFUNDED"};
    private static final String[][] ORDER_FILTERS = {
        {"PLACED"}, {"PAID"}, {"SHIPPED"}, {"CANCELLED"}, {"REFUNDED"}, {"PAID", "SHIPPED"}
    };
    private static final String[] CUSTOMER_FILTERS = {null, "ACTIVE", "LEAD", "CHURNED"};
    private static final String[] INVOICE_FILTERS = {"OVERDUE", "SENT", "PAID"};
    private static final String[] SEARCH_PEOPLE;
    private static final String[] SEARCH_PRODUCTS;

    static {
        List<String> people = new ArrayList<>(List.of(Words.FIRST));
        people.addAll(List.of(Words.LAST));
        SEARCH_PEOPLE = people.toArray(String[]::new);
        List<String> products = new ArrayList<>(List.of(Words.PRODUCT_NOUN));
        products.addAll(List.of(Words.PRODUCT_MATERIAL));
        SEARCH_PRODUCTS = products.toArray(String[]::new);
    }

    private final String[] walkable;
    private final String[] ops;
    private final int[] cumulative;
    private final int total;
    private final String runTag;
    /** [first day, last day] of this month and the 11 before it, ISO dates. */
    private final String[][] months = new String[12][2];

    private final long windowStartMicros;
    private final long windowEndMicros;

    Workload(Map<String, Integer> weights, Pools pools, String runTag) {
        this.runTag = runTag;
        Mixes.validate(weights);
        walkable = java.util.stream.Stream.of("customers", "orders", "orders", "invoices")
                .filter(pools::available)
                .toArray(String[]::new);
        List<String> names = new ArrayList<>();
        List<Integer> sums = new ArrayList<>();
        int sum = 0;
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
            if (e.getValue() > 0 && available(e.getKey(), pools)) {
                sum += e.getValue();
                names.add(e.getKey());
                sums.add(sum);
            }
        }
        if (names.isEmpty()) { // nothing of the mix is there: the floor still is
            names.add("auth.me");
            sums.add(sum = 1);
        }
        ops = names.toArray(String[]::new);
        cumulative = sums.stream().mapToInt(Integer::intValue).toArray();
        total = sum;
        LocalDate first = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1);
        for (int m = 0; m < 12; m++) {
            LocalDate start = first.minusMonths(m);
            months[m][0] = start.toString();
            months[m][1] = start.plusMonths(1).minusDays(1).toString();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.DAYS);
        windowEndMicros = now.getEpochSecond() * 1_000_000L;
        windowStartMicros = windowEndMicros - 365L * 86_400_000_000L;
    }

    /** The operations in play after dropping unavailable ones, with their weights. */
    Map<String, Integer> effectiveMix() {
        Map<String, Integer> m = new LinkedHashMap<>();
        int prev = 0;
        for (int i = 0; i < ops.length; i++) {
            m.put(ops[i], cumulative[i] - prev);
            prev = cumulative[i];
        }
        return m;
    }

    static boolean available(String op, Pools pools) {
        if (op.equals("auth.me")) {
            return true;
        }
        if (op.equals("dashboard")) {
            return pools.available("dashboard");
        }
        if (op.equals("list.next-page") || op.equals("list.walk")) {
            return pools.available("orders") || pools.available("customers");
        }
        String resource = op.substring(0, op.indexOf('.'));
        if (op.startsWith("orders.create") || op.startsWith("orders.patch")) {
            return pools.available("orders") && pools.available("customers") && pools.available("products");
        }
        return pools.available(resource);
    }

    String pick(SplittableRandom rng) {
        int r = rng.nextInt(total);
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return ops[i];
            }
        }
        return ops[ops.length - 1];
    }

    /** The next request of user {@code u}; never null (falls back to cheaper operations). */
    Request next(VirtualUser u) {
        for (int attempt = 0; attempt < 5; attempt++) {
            Request r = build(pick(u.rng), u);
            if (r != null) {
                return r;
            }
        }
        return new Request("auth.me", "GET", "/api/auth/me", null);
    }

    private Request build(String op, VirtualUser u) {
        SplittableRandom rng = u.rng;
        Pools.OrgPool pool = u.pool;
        return switch (op) {
            case "auth.me" -> get(op, "/api/auth/me");
            case "dashboard" -> get(op, "/api/dashboard");
            case "customers.search" -> get(op, "/api/customers?q=" + enc(pickOf(SEARCH_PEOPLE, rng)));
            case "customers.list" -> {
                String s = CUSTOMER_FILTERS[rng.nextInt(CUSTOMER_FILTERS.length)];
                yield get(op, "/api/customers?limit=20" + (s == null ? "" : "&status=" + s));
            }
            case "orders.list.filtered" -> {
                String[] month = months[rng.nextInt(12)];
                StringBuilder p = new StringBuilder("/api/orders?limit=20");
                for (String s : ORDER_FILTERS[rng.nextInt(ORDER_FILTERS.length)]) {
                    p.append("&status=").append(s);
                }
                yield get(
                        op,
                        p.append("&placedFrom=")
                                .append(month[0])
                                .append("&placedTo=")
                                .append(month[1])
                                .toString());
            }
            case "orders.list" -> get(op, "/api/orders?limit=20");
            case "products.search" -> get(op, "/api/products?q=" + enc(pickOf(SEARCH_PRODUCTS, rng)));
            case "products.list" -> get(op, "/api/products?limit=20" + (rng.nextBoolean() ? "&status=ACTIVE" : ""));
            case "invoices.list" -> get(op, "/api/invoices?limit=20");
            case "invoices.list.filtered" -> {
                String[] month = months[rng.nextInt(12)];
                yield get(
                        op,
                        "/api/invoices?limit=20&status=" + INVOICE_FILTERS[rng.nextInt(INVOICE_FILTERS.length)]
                                + "&dueFrom=" + month[0] + "&dueTo=" + month[1]);
            }
            case "list.next-page" ->
                u.lastCursor == null ? null : get(op, u.lastListPath + "&cursor=" + enc(u.lastCursor));
            case "customers.get", "orders.get", "products.get", "invoices.get" ->
                detail(op, pool, rng, Integer.MAX_VALUE);
            case "customers.get.hot", "orders.get.hot", "products.get.hot", "invoices.get.hot" ->
                detail(op, pool, rng, 5);
            case "customers.create" -> {
                long n = ++u.created;
                String first = pickOf(Words.FIRST, rng);
                String last = pickOf(Words.LAST, rng);
                yield new Request(
                        op,
                        "POST",
                        "/api/customers",
                        Map.of(
                                "name", first + " " + last,
                                "email", "load-" + runTag + "-" + u.index + "-" + n + "@bench.example",
                                "status", "LEAD"));
            }
            case "orders.create" -> newOrder(op, pool, rng);
            case "orders.patch-status" -> {
                long[] order = u.createdOrders.peekFirst();
                if (order == null) {
                    yield newOrder("orders.create", pool, rng);
                }
                yield new Request(
                        op, "PATCH", "/api/orders/" + order[0], Map.of("status", ORDER_STATUSES[(int) order[1] + 1]));
            }
            case "list.walk" -> {
                if (u.walkCursor == null) {
                    // a unique upper bound makes every page of this walk a key no one asked for before
                    String resource = walkable[rng.nextInt(walkable.length)];
                    u.walkPath = "/api/" + resource + "?limit=20&createdTo=" + enc(randomInstant(rng));
                    u.walkDepth = 0;
                    yield get(op, u.walkPath);
                }
                yield get(op, u.walkPath + "&cursor=" + enc(u.walkCursor));
            }
            case "orders.unique-range", "customers.unique-range", "invoices.unique-range" ->
                get(op, "/api/" + op.substring(0, op.indexOf('.')) + "?limit=20&createdTo=" + enc(randomInstant(rng)));
            case "customers.unique-search" ->
                get(
                        op,
                        "/api/customers?q=" + enc(fragment(pickOf(SEARCH_PEOPLE, rng), rng)) + "&createdTo="
                                + enc(randomInstant(rng)));
            case "products.unique-search" ->
                get(
                        op,
                        "/api/products?q=" + enc(fragment(pickOf(SEARCH_PRODUCTS, rng), rng)) + "&createdTo="
                                + enc(randomInstant(rng)));
            default -> throw new IllegalArgumentException("unknown operation " + op);
        };
    }

    /** Updates the user's state from a response: cursors to follow, orders to move along. */
    void after(VirtualUser u, Request req, Api.Response r) {
        switch (req.op()) {
            case "customers.search",
                    "customers.list",
                    "orders.list.filtered",
                    "orders.list",
                    "products.search",
                    "products.list",
                    "invoices.list",
                    "invoices.list.filtered" -> {
                if (r.ok()) {
                    String cursor = Api.nextCursor(r.body());
                    if (cursor != null) {
                        u.lastListPath = req.path().contains("?") ? req.path() : req.path() + "?";
                        u.lastCursor = cursor;
                    }
                }
            }
            case "list.next-page" -> {
                u.lastCursor = r.ok() ? Api.nextCursor(r.body()) : null;
            }
            case "list.walk" -> {
                u.walkCursor = r.ok() ? Api.nextCursor(r.body()) : null;
                u.walkDepth++;
            }
            case "orders.create" -> {
                JsonNode n = r.ok() ? r.json() : null;
                if (n != null && n.hasNonNull("id")) {
                    int status = indexOf(ORDER_STATUSES, n.path("status").asText("DRAFT"));
                    if (status >= 0 && status < 3) {
                        u.createdOrders.addLast(new long[] {n.get("id").asLong(), status});
                        while (u.createdOrders.size() > 50) {
                            u.createdOrders.removeFirst();
                        }
                    }
                }
            }
            case "orders.patch-status" -> {
                long[] order = u.createdOrders.pollFirst();
                if (order != null && r.ok() && order[1] + 1 < 3) {
                    order[1]++;
                    u.createdOrders.addLast(order); // DRAFT -> PLACED -> PAID -> SHIPPED, then done
                }
            }
            default -> {
                // nothing to remember
            }
        }
    }

    private Request newOrder(String op, Pools.OrgPool pool, SplittableRandom rng) {
        if (pool.customers().length == 0 || pool.products().length == 0) {
            return null;
        }
        long customer = pool.customers()[rng.nextInt(pool.customers().length)];
        int n = 1 + rng.nextInt(Math.min(3, pool.products().length));
        List<Map<String, Object>> items = new ArrayList<>();
        java.util.Set<Long> seen = new java.util.HashSet<>();
        while (items.size() < n) {
            long product = pool.products()[rng.nextInt(pool.products().length)];
            if (seen.add(product)) {
                items.add(Map.of("productId", product, "quantity", 1 + rng.nextInt(3)));
            }
        }
        return new Request(op, "POST", "/api/orders", Map.of("customerId", customer, "items", items));
    }

    private static Request detail(String op, Pools.OrgPool pool, SplittableRandom rng, int hot) {
        String resource = op.substring(0, op.indexOf('.'));
        long[] ids = pool.of(resource);
        if (ids.length == 0) {
            return null;
        }
        return get(op, "/api/" + resource + "/" + ids[rng.nextInt(Math.min(hot, ids.length))]);
    }

    private String randomInstant(SplittableRandom rng) {
        long micros = windowStartMicros + (long) (rng.nextDouble() * (windowEndMicros - windowStartMicros));
        return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000)
                .toString();
    }

    private static String fragment(String word, SplittableRandom rng) {
        String w = word.toLowerCase(java.util.Locale.ROOT);
        int len = Math.min(w.length(), 3 + rng.nextInt(2));
        int start = rng.nextInt(w.length() - len + 1);
        return w.substring(start, start + len);
    }

    private static Request get(String op, String path) {
        return new Request(op, "GET", path, null);
    }

    private static String pickOf(String[] words, SplittableRandom rng) {
        return words[rng.nextInt(words.length)];
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static int indexOf(String[] a, String v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i].equals(v)) {
                return i;
            }
        }
        return -1;
    }
}
