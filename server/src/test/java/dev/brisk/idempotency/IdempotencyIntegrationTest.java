package dev.brisk.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import dev.brisk.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@BriskIntegrationTest
class IdempotencyIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    IdempotencyPurger purger;

    private static Api.Response post(Api api, String token, String path, String body, String key) {
        return send(api, "POST", token, path, body, key);
    }

    private static Api.Response send(Api api, String method, String token, String path, String body, String key) {
        return api.send(token, method, path, body, "application/json", "Idempotency-Key", key);
    }

    private long count(String table, long orgId) {
        return fixtures.jdbc()
                .sql("SELECT count(*) FROM " + table + " WHERE org_id = :org")
                .param("org", orgId)
                .query(Long.class)
                .single();
    }

    @Test
    void aRetriedCreateReplaysTheFirstAnswerWithoutRunningAgain() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String key = UUID.randomUUID().toString();
        String body = Api.json(Map.of("name", "Ada Lovelace", "status", "ACTIVE"));

        var first = post(api, org.member(), "/api/customers", body, key);
        var again = post(api, org.member(), "/api/customers", body, key);

        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Content-Type")).startsWith("application/json");
        assertThat(count("customers", org.id())).isEqualTo(1);
        // stored in the write's transaction, with the answer
        assertThat(fixtures.jdbc()
                        .sql("SELECT status FROM idempotency_keys WHERE org_id = :org AND key = :key")
                        .param("org", org.id())
                        .param("key", key)
                        .query(Integer.class)
                        .single())
                .isEqualTo(201);

        // without a key, a second POST is a second customer (unchanged behaviour)
        assertThat(api.post(org.member(), "/api/customers", body).status()).isEqualTo(201);
        assertThat(count("customers", org.id())).isEqualTo(2);
    }

    @Test
    void everyCreateAndStatusTransitionReplays() {
        var org = fixtures.org();
        Api api = fixtures.api();
        long customer = fixtures.create(org.member(), "/api/customers", Map.of("name", "Bob"));
        String productBody = Api.json(Map.of("sku", "MUG", "name", "Mug", "price", 250));
        String productKey = UUID.randomUUID().toString();
        var product = post(api, org.member(), "/api/products", productBody, productKey);
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
        // without the key this would be a 409 (duplicate SKU); with it, the first answer
        var productAgain = post(api, org.member(), "/api/products", productBody, productKey);
        assertThat(productAgain.status()).isEqualTo(201);
        assertThat(productAgain.body()).isEqualTo(product.body());
        long mug = product.json().get("id").asLong();

        String orderBody = Api.json(Map.of(
                "customerId", customer, "items", List.of(Map.of("productId", mug, "quantity", 2)), "status", "PLACED"));
        String orderKey = UUID.randomUUID().toString();
        var order = post(api, org.member(), "/api/orders", orderBody, orderKey);
        var orderAgain = post(api, org.member(), "/api/orders", orderBody, orderKey);
        assertThat(order.status()).as(order.toString()).isEqualTo(201);
        assertThat(orderAgain.body()).isEqualTo(order.body());
        assertThat(orderAgain.header("Location")).isEqualTo(order.header("Location"));
        assertThat(count("orders", org.id())).isEqualTo(1);
        assertThat(count("order_items", org.id())).isEqualTo(1);
        long orderId = order.json().get("id").asLong();

        String invoiceBody = Api.json(Map.of("orderId", orderId, "status", "SENT"));
        String invoiceKey = UUID.randomUUID().toString();
        var invoice = post(api, org.member(), "/api/invoices", invoiceBody, invoiceKey);
        var invoiceAgain = post(api, org.member(), "/api/invoices", invoiceBody, invoiceKey);
        assertThat(invoice.status()).as(invoice.toString()).isEqualTo(201);
        assertThat(invoiceAgain.status()).isEqualTo(201);
        assertThat(invoiceAgain.body()).isEqualTo(invoice.body());
        assertThat(count("invoices", org.id())).isEqualTo(1);
        long invoiceId = invoice.json().get("id").asLong();

        // status transitions: the same move twice would be 409 without the key
        String paidKey = UUID.randomUUID().toString();
        var paid = send(api, "PATCH", org.member(), "/api/orders/" + orderId, "{\"status\":\"PAID\"}", paidKey);
        var paidAgain = send(api, "PATCH", org.member(), "/api/orders/" + orderId, "{\"status\":\"PAID\"}", paidKey);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        assertThat(paidAgain.status()).isEqualTo(200);
        assertThat(paidAgain.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.patch(org.member(), "/api/orders/" + orderId, "{\"status\":\"PAID\"}")
                        .status())
                .isEqualTo(409);

        String invoicePaid = UUID.randomUUID().toString();
        var settled =
                send(api, "PATCH", org.member(), "/api/invoices/" + invoiceId, "{\"status\":\"PAID\"}", invoicePaid);
        var settledAgain =
                send(api, "PATCH", org.member(), "/api/invoices/" + invoiceId, "{\"status\":\"PAID\"}", invoicePaid);
        assertThat(settled.status()).as(settled.toString()).isEqualTo(200);
        assertThat(settledAgain.body()).isEqualTo(settled.body());
    }

    @Test
    void theSameKeyForAnotherRequestIs422AndAnErrorIsNotStored() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String key = UUID.randomUUID().toString();
        assertThat(post(api, org.member(), "/api/customers", "{\"name\":\"Ada\"}", key)
                        .status())
                .isEqualTo(201);

        var other = post(api, org.member(), "/api/customers", "{\"name\":\"Eve\"}", key);
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.header("Content-Type")).startsWith("application/problem+json");
        assertThat(other.json().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        var otherPath = post(api, org.member(), "/api/products", "{\"name\":\"Ada\"}", key);
        assertThat(otherPath.status()).isEqualTo(422);
        assertThat(count("customers", org.id())).isEqualTo(1);

        // an error answer committed nothing and is not kept: the corrected request runs under the same key
        String second = UUID.randomUUID().toString();
        var invalid = post(api, org.member(), "/api/customers", "{\"name\":\"\"}", second);
        assertThat(invalid.status()).isEqualTo(400);
        var conflict = post(
                api,
                org.member(),
                "/api/orders",
                Api.json(Map.of("customerId", 999_999_999, "items", List.of(Map.of("productId", 1, "quantity", 1)))),
                second);
        assertThat(conflict.status()).isEqualTo(422);
        assertThat(fixtures.jdbc()
                        .sql("SELECT count(*) FROM idempotency_keys WHERE org_id = :org AND key = :key")
                        .param("org", org.id())
                        .param("key", second)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(post(api, org.member(), "/api/customers", "{\"name\":\"Eve\"}", second)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void keysBelongToOneUserOfOneOrganization() {
        var org = fixtures.org();
        var other = fixtures.org();
        Api api = fixtures.api();
        String key = "shared-key-" + UUID.randomUUID();
        String body = "{\"name\":\"Ada\"}";
        var member = post(api, org.member(), "/api/customers", body, key);
        var admin = post(api, org.admin(), "/api/customers", body, key);
        var otherOrg = post(api, other.member(), "/api/customers", body, key);
        assertThat(List.of(member.status(), admin.status(), otherOrg.status())).containsOnly(201);
        assertThat(admin.header("Idempotent-Replayed")).isNull();
        assertThat(otherOrg.header("Idempotent-Replayed")).isNull();
        assertThat(count("customers", org.id())).isEqualTo(2);
        assertThat(count("customers", other.id())).isEqualTo(1);
    }

    @Test
    void badKeysAreRefusedNamingTheHeader() {
        var org = fixtures.org();
        Api api = fixtures.api();
        for (String key : List.of("x".repeat(256), "has space", "")) {
            var response = post(api, org.member(), "/api/customers", "{\"name\":\"Ada\"}", key);
            if (key.isEmpty() && response.status() == 201) {
                continue; // an empty header may be dropped by the client; then it is a plain POST
            }
            assertThat(response.status()).as(key).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .isEqualTo("Idempotency-Key");
        }
        assertThat(post(api, org.member(), "/api/customers", "{\"name\":\"Ada\"}", "x".repeat(255))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void aKeyInUseByARunningRequestIs409ThenReplays() throws Exception {
        var org = fixtures.org();
        Api api = fixtures.api();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"Ada\"}";
        // hold the key's lock as a running request's transaction does
        try (Connection c = DriverManager.getConnection(TestDatabase.jdbcUrl(), "postgres", "")) {
            c.setAutoCommit(false);
            try (PreparedStatement s =
                    c.prepareStatement("SELECT pg_advisory_xact_lock(15, hashtext(? || ':' || ? || ':' || ?))")) {
                s.setString(1, Long.toString(org.id()));
                s.setString(2, Long.toString(org.memberId()));
                s.setString(3, key);
                s.execute();
            }
            var busy = post(api, org.member(), "/api/customers", body, key);
            assertThat(busy.status()).isEqualTo(409);
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            assertThat(count("customers", org.id())).isZero();
            c.rollback();
        }
        assertThat(post(api, org.member(), "/api/customers", body, key).status())
                .isEqualTo(201);
    }

    @Test
    void concurrentRetriesWithOneKeyCreateOneOrder() throws Exception {
        var org = fixtures.org();
        Api api = fixtures.api();
        long customer = fixtures.create(org.member(), "/api/customers", Map.of("name", "Ada"));
        long mug = fixtures.create(org.member(), "/api/products", Map.of("sku", "MUG", "name", "Mug", "price", 250));
        String body =
                Api.json(Map.of("customerId", customer, "items", List.of(Map.of("productId", mug, "quantity", 1))));
        for (int round = 0; round < 5; round++) {
            String key = UUID.randomUUID().toString();
            int clients = 8;
            CountDownLatch go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<Api.Response>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return post(api, org.member(), "/api/orders", body, key);
                }));
            }
            go.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> f : answers) {
                responses.add(f.get());
            }
            pool.shutdown();
            String original = null;
            for (Api.Response r : responses) {
                assertThat(r.status()).as(r.toString()).isIn(201, 409);
                if (r.status() == 201) {
                    original = original == null ? r.body() : original;
                    assertThat(r.body()).isEqualTo(original);
                } else {
                    assertThat(r.header("Retry-After")).isNotNull();
                }
            }
            assertThat(responses.stream().filter(r -> r.status() == 201 && r.header("Idempotent-Replayed") == null))
                    .hasSize(1);
            // a retry after the race replays the one order
            var retry = post(api, org.member(), "/api/orders", body, key);
            assertThat(retry.status()).isEqualTo(201);
            assertThat(retry.body()).isEqualTo(original);
        }
        assertThat(count("orders", org.id())).isEqualTo(5);
    }

    @Test
    void keysExpireAfterTheTtlAndArePurged() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"Ada\"}";
        var first = post(api, org.member(), "/api/customers", body, key);
        fixtures.jdbc()
                .sql("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE org_id = :org")
                .param("org", org.id())
                .update();
        var later = post(api, org.member(), "/api/customers", body, key);
        assertThat(later.status()).isEqualTo(201);
        assertThat(later.header("Idempotent-Replayed")).isNull();
        assertThat(later.json().get("id").asLong())
                .isNotEqualTo(first.json().get("id").asLong());

        String old = UUID.randomUUID().toString();
        post(api, org.member(), "/api/customers", body, old);
        fixtures.jdbc()
                .sql(
                        "UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE org_id = :org AND key = :key")
                .param("org", org.id())
                .param("key", old)
                .update();
        assertThat(purger.purge()).isGreaterThanOrEqualTo(1);
        assertThat(fixtures.jdbc()
                        .sql("SELECT key FROM idempotency_keys WHERE org_id = :org")
                        .param("org", org.id())
                        .query(String.class)
                        .list())
                .containsExactly(key);
    }

    @Test
    void theOpenApiSpecDocumentsTheHeader() {
        var spec = fixtures.api().get(null, "/v3/api-docs").json();
        var post = spec.get("paths").get("/api/orders").get("post");
        assertThat(post.get("parameters").toString()).contains("Idempotency-Key");
        assertThat(post.get("responses").has("409")).isTrue();
        assertThat(spec.get("paths")
                        .get("/api/invoices/{id}")
                        .get("patch")
                        .get("parameters")
                        .toString())
                .contains("Idempotency-Key");
        assertThat(spec.get("paths").get("/api/auth/login").get("post").toString())
                .doesNotContain("Idempotency-Key");
    }
}
