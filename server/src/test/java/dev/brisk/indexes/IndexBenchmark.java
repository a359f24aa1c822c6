package dev.brisk.indexes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.platform.Cursor;
import dev.brisk.support.Api;
import dev.brisk.support.Fixtures;
import dev.brisk.support.Node;
import dev.brisk.support.VolumeDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * The list, search and filter endpoints at a million orders ({@link VolumeDatabase#MILLION}),
 * with V101's indexes and then without them: p50 and p95 of whole requests as a client on the same
 * machine sees them (HTTP, authentication lookup, query, JSON), caches off. Slow (it builds 1 M
 * orders and runs the unindexed queries), so it is not part of the test suite (its name matches no test pattern): run it with
 * {@code mvn -B test -pl server -Dtest=IndexBenchmark}; it
 * prints a Markdown table and writes it to target/index-benchmark.md. It asserts nothing about
 * timings: the plans are IndexPlanIntegrationTest's business.
 */
class IndexBenchmark {

    static final String PASSWORD = "volume-password-1";
    static final String SECRET = "index-benchmark-cursor-secret";
    static final int WARMUP = 10;
    static final int RUNS_WITH = 100;
    static final int RUNS_WITHOUT = 12;

    record Stats(double p50, double p95, int rows) {}

    @Test
    void listEndpointsWithAndWithoutTheIndexes() throws Exception {
        long buildStart = System.nanoTime();
        try (VolumeDatabase volume = VolumeDatabase.build(
                PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(PASSWORD),
                VolumeDatabase.MILLION,
                "_bench1m")) {
            long buildMillis = (System.nanoTime() - buildStart) / 1_000_000;
            try (Node node = Node.start(Map.of(
                    "spring.datasource.url",
                    volume.url(),
                    "spring.datasource.username",
                    "postgres",
                    "brisk.cache.enabled",
                    "false",
                    "brisk.dashboard.auto-refresh",
                    "false",
                    "brisk.api.cursor-secret",
                    SECRET))) {
                Api api = node.api();
                var login = api.post(
                        null,
                        "/api/auth/login",
                        Api.json(Map.of("email", VolumeDatabase.ADMIN_EMAIL, "password", PASSWORD)));
                assertThat(login.status()).as(login.toString()).isEqualTo(200);
                String token = login.json().get("token").asString();
                Map<String, String> endpoints = endpoints(volume, api, token);

                Map<String, Stats> with = measure(api, token, endpoints, RUNS_WITH);
                try (Connection c = volume.connect();
                        Statement s = c.createStatement()) {
                    for (String index : IndexDocs.migrationIndexes()) {
                        s.execute("DROP INDEX IF EXISTS " + index);
                    }
                    s.execute("ANALYZE");
                }
                Map<String, Stats> without = measure(api, token, endpoints, RUNS_WITHOUT);

                StringBuilder table = new StringBuilder("""
                        | endpoint (big org, %d orders in all) | rows | with indexes p50 / p95 (ms) | without p50 / p95 (ms) | p95 without ÷ with |
                        |---|---|---|---|---|
                        """.formatted(VolumeDatabase.MILLION.orders()));
                endpoints.keySet().forEach(name -> {
                    Stats w = with.get(name);
                    Stats o = without.get(name);
                    table.append("| %s | %d | %.1f / %.1f | %.1f / %.1f | %.0f× |%n"
                            .formatted(name, w.rows(), w.p50(), w.p95(), o.p50(), o.p95(), o.p95() / w.p95()));
                });
                table.append(
                        ("%nVolume database built in %.0f s (%s); %d untimed rounds over all endpoints, then %d timed rounds "
                                        + "with the indexes and %d without (one request per endpoint per round).%n")
                                .formatted(buildMillis / 1000.0, volume.millis(), WARMUP, RUNS_WITH, RUNS_WITHOUT));
                System.out.println(table);
                Files.writeString(Path.of("target", "index-benchmark.md"), table);
            }
        }
    }

    private static Map<String, String> endpoints(VolumeDatabase volume, Api api, String token) throws Exception {
        // one customer with a name nobody else has, with an order and an invoice, for selective searches
        long customer = create(api, token, "/api/customers", Map.of("name", "Zephyrine Quackenbush"));
        long product;
        long topCustomer;
        try (Connection c = volume.connect();
                Statement s = c.createStatement()) {
            product = first(
                    s,
                    "SELECT id FROM products WHERE org_id = 1 AND deleted_at IS NULL AND status = 'ACTIVE' ORDER BY id LIMIT 1");
            topCustomer = first(
                    s,
                    "SELECT customer_id FROM orders WHERE org_id = 1 AND deleted_at IS NULL "
                            + "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
        }
        long order = create(api, token, "/api/orders", Fixtures.placedOrder(customer, product, 1));
        create(api, token, "/api/invoices", Map.of("orderId", order));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String day = today.minusDays(400).toString();
        String dueDay = today.minusDays(370).toString();

        Map<String, String> e = new LinkedHashMap<>();
        e.put("customers: page 1", "/api/customers");
        e.put("customers: page 1000", "/api/customers?cursor=" + cursor(volume, "customers", 20_000));
        e.put("customers: status=CHURNED", "/api/customers?status=CHURNED");
        e.put("customers: q (one match)", "/api/customers?q=Quackenbush");
        e.put("customers: q=an (most match)", "/api/customers?q=an");
        e.put("products: page 1", "/api/products");
        e.put("products: q=SKU-0425", "/api/products?q=SKU-0425");
        e.put("orders: page 1", "/api/orders");
        e.put("orders: page 1000", "/api/orders?cursor=" + cursor(volume, "orders", 20_000));
        e.put("orders: page 10000", "/api/orders?cursor=" + cursor(volume, "orders", 200_000));
        e.put("orders: status=PAID", "/api/orders?status=PAID");
        e.put("orders: status=DRAFT, page 1000", "/api/orders?status=DRAFT&cursor=" + cursor(volume, "orders", 20_000));
        e.put("orders: status=PLACED&PAID", "/api/orders?status=PLACED&status=PAID");
        e.put("orders: placed on one day", "/api/orders?placedFrom=" + day + "&placedTo=" + day);
        e.put("orders: customerId", "/api/orders?customerId=" + topCustomer);
        e.put("orders: q (one customer)", "/api/orders?q=Quackenbush");
        e.put("invoices: page 1", "/api/invoices");
        e.put("invoices: page 1000", "/api/invoices?cursor=" + cursor(volume, "invoices", 20_000));
        e.put("invoices: status=OVERDUE", "/api/invoices?status=OVERDUE");
        e.put("invoices: due on one day", "/api/invoices?dueFrom=" + dueDay + "&dueTo=" + dueDay);
        e.put("invoices: q (one customer)", "/api/invoices?q=Quackenbush");
        return e;
    }

    /**
     * {@value #WARMUP} untimed rounds over every endpoint (the JIT compiles the whole request path
     * before anything is timed), then {@code runs} timed rounds; each round visits every endpoint
     * once, so a busy moment of the machine spreads over all of them instead of one.
     */
    private static Map<String, Stats> measure(Api api, String token, Map<String, String> endpoints, int runs) {
        Map<String, Integer> rows = new LinkedHashMap<>();
        for (int round = 0; round < WARMUP; round++) {
            endpoints.forEach((name, path) -> {
                var response = api.get(token, path);
                assertThat(response.status()).as(name + ": " + response).isEqualTo(200);
                rows.put(name, response.json().get("items").size());
            });
        }
        Map<String, double[]> millis = new LinkedHashMap<>();
        endpoints.keySet().forEach(name -> millis.put(name, new double[runs]));
        for (int round = 0; round < runs; round++) {
            int i = round;
            endpoints.forEach((name, path) -> {
                long start = System.nanoTime();
                var response = api.get(token, path);
                millis.get(name)[i] = (System.nanoTime() - start) / 1e6;
                assertThat(response.status()).isEqualTo(200);
            });
        }
        Map<String, Stats> stats = new LinkedHashMap<>();
        millis.forEach((name, m) -> {
            Arrays.sort(m);
            stats.put(
                    name,
                    new Stats(
                            m[(int) Math.ceil(runs * 0.50) - 1], m[(int) Math.ceil(runs * 0.95) - 1], rows.get(name)));
        });
        return stats;
    }

    private static long create(Api api, String token, String path, Map<String, Object> body) {
        var response = api.post(token, path, Api.json(body));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asLong();
    }

    private static long first(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String cursor(VolumeDatabase volume, String table, long depth) throws Exception {
        try (Connection c = volume.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT created_at, id FROM " + table
                                + " WHERE org_id = 1 AND deleted_at IS NULL ORDER BY created_at DESC, id DESC OFFSET ? LIMIT 1")) {
            ps.setLong(1, depth);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                String cursor = Cursor.of(rs.getObject(1, OffsetDateTime.class).toInstant(), rs.getLong(2))
                        .encode(table, SECRET.getBytes(StandardCharsets.UTF_8));
                return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            }
        }
    }
}
