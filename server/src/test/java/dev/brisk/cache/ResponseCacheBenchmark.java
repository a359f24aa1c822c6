package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.Api;
import dev.brisk.support.Node;
import dev.brisk.support.RedisProcess;
import dev.brisk.support.VolumeDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * The API response cache through HTTP, as a client on the same machine sees it: two nodes sharing
 * a {@link VolumeDatabase} (220 000 orders) and a private Redis. Per endpoint, the same request
 * answered from Caffeine, from Redis, with a matching ETag (304), and uncached (its generation
 * renewed before each request, so the handler and its SQL run and the result is stored); then
 * the delay from a write acknowledged by node A until node B serves the new value.
 *
 * <p>Not part of the test suite (its name matches no test pattern): run it with
 * {@code mvn -B test -pl server -Dtest=ResponseCacheBenchmark}; it prints a Markdown table and
 * writes it to target/response-cache-benchmark.md. It asserts which tier answered each timed
 * request, never how long it took.
 */
class ResponseCacheBenchmark {

    static final String PASSWORD = "volume-password-1";
    static final int WARMUP = 20;
    static final int RUNS = 300;
    static final int WRITES = 200;

    record Stats(double p50, double p99) {
        static Stats of(double[] millis) {
            Arrays.sort(millis);
            return new Stats(percentile(millis, 0.50), percentile(millis, 0.99));
        }

        @Override
        public String toString() {
            return "%.2f / %.2f".formatted(p50, p99);
        }
    }

    @Test
    void cachedAgainstUncachedAndWriteToVisibleDelay() throws Exception {
        try (RedisProcess redis = RedisProcess.started();
                VolumeDatabase volume = VolumeDatabase.build(PasswordEncoderFactories.createDelegatingPasswordEncoder()
                        .encode(PASSWORD))) {
            long customer;
            long order;
            try (Connection c = volume.connect();
                    Statement s = c.createStatement()) {
                customer = first(
                        s, "SELECT id FROM customers WHERE org_id = 1 AND deleted_at IS NULL ORDER BY id LIMIT 1");
                order = first(
                        s,
                        "SELECT o.id FROM orders o WHERE o.org_id = 1 AND o.deleted_at IS NULL "
                                + "AND (SELECT count(*) FROM order_items i WHERE i.order_id = o.id) >= 3 ORDER BY o.id LIMIT 1");
            }
            Map<String, String> settings = Map.of(
                    "spring.datasource.url",
                    volume.url(),
                    "spring.datasource.username",
                    "postgres",
                    "brisk.cache.redis.host",
                    "127.0.0.1",
                    "brisk.cache.redis.port",
                    Integer.toString(redis.port()),
                    "brisk.dashboard.auto-refresh",
                    "false");
            try (Node a = Node.start(settings);
                    Node b = Node.start(settings)) {
                String token = login(a.api());
                Map<String, String> endpoints = new LinkedHashMap<>();
                endpoints.put("customer detail", "/api/customers/" + customer);
                endpoints.put("order detail (items)", "/api/orders/" + order);
                endpoints.put("customers list, page 1", "/api/customers");
                endpoints.put("orders list, page 1", "/api/orders");
                endpoints.put("orders list, status=PAID", "/api/orders?status=PAID");
                endpoints.put("invoices list, status=OVERDUE", "/api/invoices?status=OVERDUE");

                // one whole pass untimed first, so that the JIT has compiled every path before anything is timed
                rows(a, b, token, endpoints, RUNS / 5);
                writeToVisible(a, b, token, customer, WRITES / 5);
                StringBuilder table = new StringBuilder("""
                        | request (org of 110 000 orders) | bytes | Caffeine hit p50 / p99 ms | Redis hit p50 / p99 ms | 304 p50 / p99 ms | uncached p50 / p99 ms | uncached ÷ Caffeine (p50) | statements uncached |
                        |---|--:|---|---|---|---|--:|--:|
                        """).append(rows(a, b, token, endpoints, RUNS));
                table.append(writeToVisible(a, b, token, customer, WRITES));
                table.append(
                        "%nAfter an untimed pass of everything, %d timed requests per cell, each cell after %d untimed; volume database built in %s ms per step.%n"
                                .formatted(RUNS, WARMUP, volume.millis()));
                System.out.println(table);
                Files.writeString(Path.of("target", "response-cache-benchmark.md"), table);
            }
        }
    }

    /** One table row per endpoint: {@code runs} timed requests for each way of answering it. */
    private static String rows(Node a, Node b, String token, Map<String, String> endpoints, int runs) {
        StringBuilder rows = new StringBuilder();
        Generations generationsA = a.bean(Generations.class);
        TieredCache cacheB = b.bean(TieredCache.class);
        for (var endpoint : endpoints.entrySet()) {
            String path = endpoint.getValue();
            var first = a.api().get(token, path);
            assertThat(first.status()).as(endpoint.getKey() + ": " + first).isEqualTo(200);
            String etag = first.header("ETag");

            Stats local = time(runs, "api=local", () -> {}, () -> a.api().get(token, path));
            // node B shares A's generations once it heard A's epoch; its own memory is emptied before each read
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                cacheB.clearLocal(CacheNamespace.API);
                return b.api().get(token, path).header("Server-Timing").contains("api=redis");
            });
            Stats fromRedis = time(
                    runs,
                    "api=redis",
                    () -> cacheB.clearLocal(CacheNamespace.API),
                    () -> b.api().get(token, path));
            Stats notModified = time(
                    runs,
                    "api=local",
                    () -> {},
                    () -> a.api().send(token, "GET", path, null, null, "If-None-Match", etag));
            int[] statements = new int[1];
            Stats uncached = time(runs, "api=miss", () -> generationsA.renewEpoch(CacheNamespace.API), () -> {
                var response = a.api().get(token, path);
                statements[0] = response.statements();
                return response;
            });
            rows.append("| %s | %,d | %s | %s | %s | %s | ×%.1f | %d |%n"
                    .formatted(
                            endpoint.getKey(),
                            first.body().length(),
                            local,
                            fromRedis,
                            notModified,
                            uncached,
                            uncached.p50() / local.p50(),
                            statements[0]));
        }
        return rows.toString();
    }

    /**
     * {@code writes} renames on node A; after each acknowledged write, node B (which holds the old
     * value in memory) is read in a loop until it serves the new name.
     */
    private static String writeToVisible(Node a, Node b, String token, long customer, int writes) {
        String path = "/api/customers/" + customer;
        double[] delays = new double[writes];
        int[] polls = new int[writes];
        for (int i = 0; i < writes; i++) {
            String name = "renamed " + System.nanoTime();
            assertThat(b.api().get(token, path).status()).isEqualTo(200);
            assertThat(a.api()
                            .patch(token, path, Api.json(Map.of("name", name)))
                            .status())
                    .isEqualTo(200);
            long acknowledged = System.nanoTime();
            while (!b.api().get(token, path).json().get("name").asString().equals(name)) {
                polls[i]++;
            }
            delays[i] = (System.nanoTime() - acknowledged) / 1e6;
        }
        Stats delay = Stats.of(delays);
        Arrays.sort(polls);
        return """

                Write → visible on the other node, %d renames of one customer through node A: from A's 200 response until node B, read in a loop, serves the new name: p50 %.2f ms, p99 %.2f ms, max %.2f ms (B read the old value %d times at the median, %d at most).
                """.formatted(
                        writes, delay.p50(), delay.p99(), delays[writes - 1], polls[writes / 2], polls[writes - 1]);
    }

    /** Times {@code runs} requests after {@value #WARMUP} untimed ones; {@code before} runs untimed before each. */
    private static Stats time(int runs, String outcome, Runnable before, Supplier<Api.Response> request) {
        for (int i = 0; i < WARMUP; i++) {
            before.run();
            request.get();
        }
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            before.run();
            long start = System.nanoTime();
            Api.Response response = request.get();
            millis[i] = (System.nanoTime() - start) / 1e6;
            assertThat(response.status()).isIn(200, 304);
            assertThat(response.header("Server-Timing")).contains(outcome);
        }
        return Stats.of(millis);
    }

    private static String login(Api api) {
        var login = api.post(
                null, "/api/auth/login", Api.json(Map.of("email", VolumeDatabase.ADMIN_EMAIL, "password", PASSWORD)));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        return login.json().get("token").asString();
    }

    private static long first(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getLong(1);
        }
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[(int) Math.ceil(sorted.length * p) - 1];
    }
}
