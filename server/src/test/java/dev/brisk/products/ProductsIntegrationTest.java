package dev.brisk.products;

import static dev.brisk.support.Problems.assertEveryVerbIs;
import static dev.brisk.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@BriskIntegrationTest
class ProductsIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Test
    void createGetPatchDeleteRestore() {
        var org = fixtures.org();
        Api api = fixtures.api();
        var created = api.post(
                org.member(), "/api/products", Api.json(Map.of("sku", "WID-001", "name", "  Widget  ", "price", 1999)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/products/" + id);
        assertThat(created.json().get("name").asString()).isEqualTo("Widget");
        assertThat(created.json().get("status").asString()).isEqualTo("ACTIVE");
        assertThat(created.json().get("stock").asInt()).isZero();
        assertThat(created.json().get("price").asLong()).isEqualTo(1999);

        JsonNode got = api.get(org.member(), "/api/products/" + id).json();
        assertThat(got.get("sku").asString()).isEqualTo("WID-001");

        var patched =
                api.patch(org.member(), "/api/products/" + id, "{\"price\":2500,\"stock\":7,\"status\":\"ARCHIVED\"}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("price").asLong()).isEqualTo(2500);
        assertThat(patched.json().get("stock").asInt()).isEqualTo(7);
        assertThat(patched.json().get("status").asString()).isEqualTo("ARCHIVED");
        assertThat(patched.json().get("name").asString()).isEqualTo("Widget");
        assertThat(patched.json().get("sku").asString()).isEqualTo("WID-001");

        var renamed =
                api.patch(org.member(), "/api/products/" + id, "{\"sku\":\"WID-002\",\"name\":\"Gadget\",\"price\":0}");
        assertThat(renamed.json().get("sku").asString()).isEqualTo("WID-002");
        assertThat(renamed.json().get("name").asString()).isEqualTo("Gadget");
        assertThat(renamed.json().get("price").asLong()).isZero();
        assertThat(renamed.json().get("stock").asInt()).isEqualTo(7);

        assertThat(api.delete(org.member(), "/api/products/" + id).status()).isEqualTo(204);
        assertThat(api.get(org.member(), "/api/products/" + id).status()).isEqualTo(404);
        assertThat(api.patch(org.member(), "/api/products/" + id, "{\"price\":1}")
                        .status())
                .isEqualTo(404);
        assertThat(api.get(org.member(), "/api/products").json().get("items")).isEmpty();
        assertThat(api.delete(org.member(), "/api/products/" + id).status()).isEqualTo(404);
        assertThat(fixtures.jdbc()
                        .sql("SELECT count(*) FROM products WHERE id = :id AND deleted_at IS NOT NULL")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        var restored = api.post(org.member(), "/api/products/" + id + "/restore", null);
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.json().get("sku").asString()).isEqualTo("WID-002");
        assertThat(api.get(org.member(), "/api/products/" + id).status()).isEqualTo(200);
        assertThat(api.post(org.member(), "/api/products/" + id + "/restore", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void searchMatchesNameOrSkuIgnoringCaseAndTreatsWildcardsLiterally() {
        var org = fixtures.org();
        product(org.admin(), "ABC-1", "Blue Teapot", 100, "ACTIVE");
        product(org.admin(), "XYZ-2", "Red Kettle", 100, "ACTIVE");
        product(org.admin(), "PCT_100", "100% Cotton Towel", 100, "ACTIVE");
        product(org.admin(), "PCTX100", "1000 Cottons", 100, "ACTIVE");
        Api api = fixtures.api();
        assertThat(skus(api.get(org.admin(), "/api/products?q=teapot").json())).containsExactly("ABC-1");
        assertThat(skus(api.get(org.admin(), "/api/products?q=xyz").json())).containsExactly("XYZ-2");
        assertThat(skus(api.get(org.admin(), "/api/products?q=100%25").json())).containsExactly("PCT_100");
        assertThat(skus(api.get(org.admin(), "/api/products?q=pct_").json())).containsExactly("PCT_100");
        assertThat(skus(api.get(org.admin(), "/api/products?q=cotton").json()))
                .containsExactlyInAnyOrder("PCT_100", "PCTX100");
        assertThat(skus(api.get(org.admin(), "/api/products?q=%5C").json())).isEmpty();
    }

    @Test
    void statusAndCreatedFiltersCombine() {
        var org = fixtures.org();
        product(org.admin(), "A", "a", 1, "ACTIVE");
        product(org.admin(), "B", "b", 1, "ARCHIVED");
        Api api = fixtures.api();
        assertThat(skus(api.get(org.admin(), "/api/products?status=ARCHIVED").json()))
                .containsExactly("B");
        assertThat(skus(api.get(org.admin(), "/api/products?status=ARCHIVED&status=ACTIVE")
                        .json()))
                .containsExactly("B", "A");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertThat(skus(api.get(org.admin(), "/api/products?createdFrom=" + yesterday + "&createdTo=" + today)
                        .json()))
                .containsExactly("B", "A");
        assertThat(skus(api.get(org.admin(), "/api/products?createdTo=" + yesterday)
                        .json()))
                .isEmpty();
        assertThat(skus(api.get(org.admin(), "/api/products?status=ACTIVE&createdFrom=" + today)
                        .json()))
                .containsExactly("A");
    }

    @Test
    void cursorPagingWithFiltersReturnsEveryMatchingRowOnce() {
        var org = fixtures.org();
        Api api = fixtures.api();
        Set<Long> active = new HashSet<>();
        for (int i = 0; i < 14; i++) {
            long id = product(org.admin(), "SKU-" + i, "Lamp " + i, 10 + i, i % 3 == 0 ? "ARCHIVED" : "ACTIVE");
            if (i % 3 != 0) {
                active.add(id);
            }
        }
        product(org.admin(), "OTHER", "Chair", 5, "ACTIVE");
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var response = api.get(
                    org.admin(),
                    "/api/products?limit=3&status=ACTIVE&q=lamp" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            JsonNode page = response.json();
            for (JsonNode item : page.get("items")) {
                seen.add(item.get("id").asLong());
                assertThat(item.get("status").asString()).isEqualTo("ACTIVE");
            }
            product(org.admin(), "LATE-" + pages, "Lamp late " + pages, 1, "ACTIVE");
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(active);
        assertThat(pages).isEqualTo(3); // 9 matching rows, 3 per page; rows added during the walk are newer
    }

    @Test
    void duplicateSkuIsAConflictOnSkuWhileTheOtherProductIsLive() {
        var mine = fixtures.org();
        var theirs = fixtures.org();
        Api api = fixtures.api();
        long first = product(mine.admin(), "DUP-1", "First", 1, "ACTIVE");
        assertProblem(
                api.post(mine.admin(), "/api/products", Api.json(Map.of("sku", "DUP-1", "name", "Second", "price", 2))),
                409,
                "sku");
        // SKUs are case-sensitive and per organization
        product(mine.admin(), "dup-1", "Lower", 1, "ACTIVE");
        product(theirs.admin(), "DUP-1", "Theirs", 1, "ACTIVE");

        long other = product(mine.admin(), "DUP-2", "Other", 1, "ACTIVE");
        assertProblem(api.patch(mine.admin(), "/api/products/" + other, "{\"sku\":\"DUP-1\"}"), 409, "sku");
        // a PATCH to its own SKU is no conflict
        assertThat(api.patch(mine.admin(), "/api/products/" + first, "{\"sku\":\"DUP-1\"}")
                        .status())
                .isEqualTo(200);

        // deleting frees the SKU; restoring while another live product holds it is a conflict
        assertThat(api.delete(mine.admin(), "/api/products/" + first).status()).isEqualTo(204);
        long replacement = product(mine.admin(), "DUP-1", "Replacement", 3, "ACTIVE");
        assertProblem(api.post(mine.admin(), "/api/products/" + first + "/restore", null), 409, "sku");
        assertThat(api.get(mine.admin(), "/api/products/" + first).status()).isEqualTo(404);
        assertThat(api.delete(mine.admin(), "/api/products/" + replacement).status())
                .isEqualTo(204);
        assertThat(api.post(mine.admin(), "/api/products/" + first + "/restore", null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void concurrentCreatesWithTheSameSkuGiveOneCreatedAndOneConflict() throws Exception {
        var org = fixtures.org();
        Api api = fixtures.api();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String sku = "RACE-" + round;
                CountDownLatch ready = new CountDownLatch(2);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Api.Response>> results = new ArrayList<>();
                for (int t = 0; t < 2; t++) {
                    String body = Api.json(Map.of("sku", sku, "name", "Racer " + t, "price", 10));
                    results.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        return api.post(org.admin(), "/api/products", body);
                    }));
                }
                ready.await();
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Api.Response> f : results) {
                    Api.Response r = f.get();
                    statuses.add(r.status());
                    if (r.status() == 409) {
                        assertProblem(r, 409, "sku");
                    }
                }
                assertThat(statuses).containsExactlyInAnyOrder(201, 409);
                assertThat(fixtures.jdbc()
                                .sql("SELECT count(*) FROM products WHERE org_id = :org AND sku = :sku")
                                .param("org", org.id())
                                .param("sku", sku)
                                .query(Long.class)
                                .single())
                        .isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anotherOrgsProductIsNotFoundOnEveryVerb() {
        var mine = fixtures.org();
        var theirs = fixtures.org();
        long id = product(theirs.admin(), "SECRET", "Secret", 1, "ACTIVE");
        long deleted = product(theirs.admin(), "GONE", "Gone", 1, "ACTIVE");
        Api api = fixtures.api();
        assertThat(api.delete(theirs.admin(), "/api/products/" + deleted).status())
                .isEqualTo(204);

        assertThat(api.get(mine.admin(), "/api/products/" + id).status()).isEqualTo(404);
        assertThat(api.patch(mine.admin(), "/api/products/" + id, "{\"name\":\"x\"}")
                        .status())
                .isEqualTo(404);
        assertThat(api.delete(mine.admin(), "/api/products/" + id).status()).isEqualTo(404);
        assertThat(api.post(mine.admin(), "/api/products/" + deleted + "/restore", null)
                        .status())
                .isEqualTo(404);
        assertThat(api.get(mine.admin(), "/api/products?q=secret").json().get("items"))
                .isEmpty();
        assertProblem(api.get(mine.admin(), "/api/products/" + id), 404, null);

        JsonNode theirsNow = api.get(theirs.admin(), "/api/products/" + id).json();
        assertThat(theirsNow.get("name").asString()).isEqualTo("Secret");
        assertThat(api.get(theirs.admin(), "/api/products/" + deleted).status()).isEqualTo(404);
    }

    @Test
    void badCreateBodiesAreProblemsNamingTheField() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String token = org.admin();
        String longText = "x".repeat(10_000);

        assertProblem(api.post(token, "/api/products", "{\"sku\":"), 400, null);
        assertProblem(api.post(token, "/api/products", "not json"), 400, null);
        assertProblem(api.post(token, "/api/products", "[]"), 400, null);
        assertProblem(api.post(token, "/api/products", null), 400, null);
        assertProblem(api.post(token, "/api/products", "{}"), 400, "sku");
        assertProblem(api.send(token, "POST", "/api/products", "sku=a", "text/plain"), 415, null);

        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"n\",\"price\":\"abc\""), 400, "price");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"n\",\"price\":1.5"), 400, "price");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"n\",\"price\":-1"), 400, "price");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"n\",\"price\":99999999999999999999"), 400, "price");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"n\",\"price\":null"), 400, "price");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"n\""), 400, "price");
        assertProblem(post(api, token, "\"name\":\"n\",\"price\":1"), 400, "sku");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"price\":1"), 400, "name");
        assertProblem(post(api, token, "\"sku\":\"\",\"name\":\"n\",\"price\":1"), 400, "sku");
        assertProblem(post(api, token, "\"sku\":\"has space\",\"name\":\"n\",\"price\":1"), 400, "sku");
        assertProblem(post(api, token, "\"sku\":\"caf\u00e9\",\"name\":\"n\",\"price\":1"), 400, "sku");
        assertProblem(post(api, token, "\"sku\":\"" + "S".repeat(65) + "\",\"name\":\"n\",\"price\":1"), 400, "sku");
        assertProblem(post(api, token, "\"sku\":\"" + longText + "\",\"name\":\"n\",\"price\":1"), 400, "sku");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"" + longText + "\",\"price\":1"), 400, "name");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"   \",\"price\":1"), 400, "name");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"a\\u0000b\",\"price\":1"), 400, "name");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":{\"x\":1},\"price\":1"), 400, "name");
        assertProblem(
                post(api, token, "\"sku\":\"A1\",\"name\":\"n\",\"price\":1,\"status\":\"BOGUS\""), 400, "status");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"n\",\"price\":1,\"stock\":-1"), 400, "stock");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"n\",\"price\":1,\"stock\":2.5"), 400, "stock");
        assertProblem(post(api, token, "\"sku\":\"A1\",\"name\":\"n\",\"price\":1,\"stock\":3000000000"), 400, "stock");

        assertThat(fixtures.jdbc()
                        .sql("SELECT count(*) FROM products WHERE org_id = :org")
                        .param("org", org.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void badPatchBodiesAndIdsAreProblemsNamingTheField() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String token = org.admin();
        long id = product(token, "P-1", "Pan", 100, "ACTIVE");
        String path = "/api/products/" + id;

        assertProblem(api.patch(token, path, "{\"price\""), 400, null);
        assertProblem(api.patch(token, path, "{\"price\":\"abc\"}"), 400, "price");
        assertProblem(api.patch(token, path, "{\"price\":-5}"), 400, "price");
        assertProblem(api.patch(token, path, "{\"price\":0.5}"), 400, "price");
        assertProblem(api.patch(token, path, "{\"stock\":-1}"), 400, "stock");
        assertProblem(api.patch(token, path, "{\"name\":\"\"}"), 400, "name");
        assertProblem(api.patch(token, path, "{\"name\":\"  \"}"), 400, "name");
        assertProblem(api.patch(token, path, "{\"name\":\"" + "n".repeat(10_000) + "\"}"), 400, "name");
        assertProblem(api.patch(token, path, "{\"sku\":\"\"}"), 400, "sku");
        assertProblem(api.patch(token, path, "{\"sku\":\"" + "s".repeat(10_000) + "\"}"), 400, "sku");
        assertProblem(api.patch(token, path, "{\"status\":\"DELETED\"}"), 400, "status");
        assertProblem(api.patch(token, path, "{\"status\":1}"), 400, "status");
        assertThat(api.get(token, path).json().get("price").asLong()).isEqualTo(100);

        for (String bad : List.of("abc", "99999999999999999999999", "1.5")) {
            assertEveryVerbIs(api, token, "/api/products", bad, "{\"price\":1}", 400, "id");
        }
        assertProblem(api.get(token, "/api/products/-1"), 404, null);
        assertProblem(api.get(token, "/api/products/" + Long.MAX_VALUE), 404, null);
    }

    @Test
    void badListParametersAreProblemsNamingTheParameter() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String token = org.admin();
        for (int i = 0; i < 3; i++) {
            product(token, "L-" + i, "List " + i, 1, "ACTIVE");
        }
        for (String limit : List.of("0", "101", "-1", "abc", "1.5", "99999999999")) {
            assertProblem(api.get(token, "/api/products?limit=" + limit), 400, "limit");
        }
        String cursor =
                api.get(token, "/api/products?limit=1").json().get("nextCursor").asString();
        assertThat(api.get(token, "/api/products?limit=1&cursor=" + cursor).status())
                .isEqualTo(200);
        char flipped = cursor.charAt(3) == 'A' ? 'B' : 'A';
        String tampered = cursor.substring(0, 3) + flipped + cursor.substring(4);
        assertProblem(api.get(token, "/api/products?cursor=" + tampered), 400, "cursor");
        assertProblem(api.get(token, "/api/products?cursor=garbage!!"), 400, "cursor");
        assertProblem(api.get(token, "/api/products?cursor=" + "A".repeat(500)), 400, "cursor");
        // a cursor is bound to its list
        fixtures.create(token, "/api/customers", Map.of("name", "c1"));
        fixtures.create(token, "/api/customers", Map.of("name", "c2"));
        String customers = api.get(token, "/api/customers?limit=1")
                .json()
                .get("nextCursor")
                .asString();
        assertProblem(api.get(token, "/api/products?cursor=" + customers), 400, "cursor");

        assertProblem(api.get(token, "/api/products?status=BOGUS"), 400, "status");
        assertProblem(api.get(token, "/api/products?status=ACTIVE&status=active"), 400, "status");
        assertProblem(api.get(token, "/api/products?createdFrom=2026-13-45"), 400, "createdFrom");
        assertProblem(api.get(token, "/api/products?createdTo=yesterday"), 400, "createdTo");
        assertProblem(api.get(token, "/api/products?createdFrom=2026-03-02&createdTo=2026-03-01"), 400, "createdTo");
        assertProblem(api.get(token, "/api/products?q=" + "q".repeat(201)), 400, "q");
        assertProblem(api.get(token, "/api/products?q=a%00b"), 400, "q");
    }

    private long product(String token, String sku, String name, long price, String status) {
        return fixtures.create(
                token, "/api/products", Map.of("sku", sku, "name", name, "price", price, "status", status));
    }

    private static Api.Response post(Api api, String token, String fields) {
        return api.post(token, "/api/products", "{" + fields + "}");
    }

    private static List<String> skus(JsonNode page) {
        List<String> skus = new ArrayList<>();
        page.get("items").forEach(i -> skus.add(i.get("sku").asString()));
        return skus;
    }
}
