package dev.brisk.orders;

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
import java.util.LinkedHashMap;
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
class OrdersIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Test
    void createPricesItemsAtCurrentPricesAndNumbersOrdersPerOrg() {
        var org = fixtures.org();
        var other = fixtures.org();
        Api api = fixtures.api();
        long customer = customer(org.member(), "Ada");
        long mug = product(org.member(), "MUG", 250);
        long pot = product(org.member(), "POT", 1999);

        var created = api.post(
                org.member(),
                "/api/orders",
                Api.json(Map.of("customerId", customer, "items", List.of(item(mug, 4), item(pot, 1), item(mug, 1)))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode order = created.json();
        long id = order.get("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/orders/" + id);
        assertThat(order.get("number").asLong()).isEqualTo(1);
        assertThat(order.get("status").asString()).isEqualTo("DRAFT");
        assertThat(order.get("placedAt").isNull()).isTrue();
        assertThat(order.get("customerId").asLong()).isEqualTo(customer);
        assertThat(order.get("total").asLong()).isEqualTo(250 * 4 + 1999 + 250);
        assertThat(lines(order)).containsExactly("MUG x4 @250 = 1000", "POT x1 @1999 = 1999", "MUG x1 @250 = 250");

        JsonNode detail = api.get(org.member(), "/api/orders/" + id).json();
        assertThat(lines(detail)).containsExactlyElementsOf(lines(order));
        assertThat(detail.get("items").get(0).get("id").asLong())
                .isEqualTo(order.get("items").get(0).get("id").asLong());

        var placed = api.post(
                org.member(),
                "/api/orders",
                Api.json(Map.of("customerId", customer, "items", List.of(item(pot, 2)), "status", "PLACED")));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
        assertThat(placed.json().get("number").asLong()).isEqualTo(2);
        assertThat(placed.json().get("status").asString()).isEqualTo("PLACED");
        assertThat(placed.json().get("placedAt").isNull()).isFalse();

        // the order keeps the price it was made with
        assertThat(api.patch(org.member(), "/api/products/" + mug, "{\"price\":999}")
                        .status())
                .isEqualTo(200);
        assertThat(api.get(org.member(), "/api/orders/" + id)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(3249);

        // numbers are per organization
        long theirCustomer = customer(other.admin(), "Them");
        long theirProduct = product(other.admin(), "MUG", 1);
        assertThat(order(other.admin(), theirCustomer, List.of(item(theirProduct, 1)))
                        .get("number")
                        .asLong())
                .isEqualTo(1);

        JsonNode list = api.get(org.member(), "/api/orders").json();
        assertThat(list.get("items")).hasSize(2);
        list.get("items")
                .forEach(o -> assertThat(o.has("items"))
                        .as("list rows carry no items")
                        .isFalse());
        assertThat(list.get("items").get(0).get("number").asLong()).isEqualTo(2);
    }

    @Test
    void anOrderMayHaveAHundredItems() {
        var org = fixtures.org();
        long customer = customer(org.admin(), "Bulk");
        long product = product(org.admin(), "BULK", 3);
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            items.add(item(product, i));
        }
        JsonNode order = order(org.admin(), customer, items);
        assertThat(order.get("items")).hasSize(100);
        assertThat(order.get("total").asLong()).isEqualTo(3L * 5050);
        assertThat(fixtures.api()
                        .get(org.admin(), "/api/orders/" + order.get("id").asLong())
                        .json()
                        .get("items"))
                .hasSize(100);
    }

    @Test
    void everyStatusPairIsAllowedExactlyWhenTheTransitionTableSaysSo() {
        var org = fixtures.org();
        Api api = fixtures.api();
        long customer = customer(org.admin(), "Trans");
        long product = product(org.admin(), "T", 10);
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                long id = order(org.admin(), customer, List.of(item(product, 1)))
                        .get("id")
                        .asLong();
                walkTo(api, org.admin(), id, from);
                var response = api.patch(org.admin(), "/api/orders/" + id, "{\"status\":\"" + to + "\"}");
                if (from.canMoveTo(to)) {
                    assertThat(response.status())
                            .as(from + " -> " + to + ": " + response)
                            .isEqualTo(200);
                    assertThat(response.json().get("status").asString()).isEqualTo(to.name());
                    assertThat(response.json().get("items")).hasSize(1);
                } else {
                    assertProblem(response, 409, "status");
                }
                String stored = fixtures.jdbc()
                        .sql("SELECT status FROM orders WHERE id = :id")
                        .param("id", id)
                        .query(String.class)
                        .single();
                assertThat(stored).as(from + " -> " + to).isEqualTo(from.canMoveTo(to) ? to.name() : from.name());
            }
        }
    }

    @Test
    void placingSetsPlacedAtAndLaterMovesKeepIt() {
        var org = fixtures.org();
        Api api = fixtures.api();
        long customer = customer(org.admin(), "Placer");
        long id = order(org.admin(), customer, List.of(item(product(org.admin(), "P", 10), 1)))
                .get("id")
                .asLong();
        JsonNode placed = api.patch(org.admin(), "/api/orders/" + id, "{\"status\":\"PLACED\"}")
                .json();
        String placedAt = placed.get("placedAt").asString();
        assertThat(placedAt).isNotBlank();
        JsonNode paid = api.patch(org.admin(), "/api/orders/" + id, "{\"status\":\"PAID\"}")
                .json();
        assertThat(paid.get("placedAt").asString()).isEqualTo(placedAt);
        JsonNode unchanged = api.patch(org.admin(), "/api/orders/" + id, "{}").json();
        assertThat(unchanged.get("status").asString()).isEqualTo("PAID");
        assertThat(unchanged.get("items")).hasSize(1);
    }

    @Test
    void itemsCanBeReplacedOnlyWhileDraft() {
        var org = fixtures.org();
        Api api = fixtures.api();
        long customer = customer(org.admin(), "Editor");
        long a = product(org.admin(), "A", 100);
        long b = product(org.admin(), "B", 7);
        JsonNode draft = order(org.admin(), customer, List.of(item(a, 1), item(b, 2)));
        long id = draft.get("id").asLong();
        assertThat(draft.get("total").asLong()).isEqualTo(114);

        // replaced at the products' current prices
        api.patch(org.admin(), "/api/products/" + a, "{\"price\":150}");
        var replaced = api.patch(org.admin(), "/api/orders/" + id, Api.json(Map.of("items", List.of(item(a, 3)))));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.json().get("total").asLong()).isEqualTo(450);
        assertThat(lines(replaced.json())).containsExactly("A x3 @150 = 450");
        assertThat(replaced.json().get("status").asString()).isEqualTo("DRAFT");
        assertThat(lines(api.get(org.admin(), "/api/orders/" + id).json())).containsExactly("A x3 @150 = 450");
        assertThat(fixtures.jdbc()
                        .sql("SELECT count(*) FROM order_items WHERE order_id = :id AND deleted_at IS NOT NULL")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);

        // items and status together: replaced first, then placed
        var placed = api.patch(
                org.admin(),
                "/api/orders/" + id,
                Api.json(Map.of("status", "PLACED", "items", List.of(item(b, 1), item(a, 1)))));
        assertThat(placed.status()).as(placed.toString()).isEqualTo(200);
        assertThat(placed.json().get("status").asString()).isEqualTo("PLACED");
        assertThat(placed.json().get("total").asLong()).isEqualTo(157);
        assertThat(lines(placed.json())).containsExactly("B x1 @7 = 7", "A x1 @150 = 150");

        assertProblem(
                api.patch(org.admin(), "/api/orders/" + id, Api.json(Map.of("items", List.of(item(a, 9))))),
                409,
                "items");
        JsonNode after = api.get(org.admin(), "/api/orders/" + id).json();
        assertThat(after.get("total").asLong()).isEqualTo(157);
        assertThat(after.get("items")).hasSize(2);
    }

    @Test
    void concurrentTransitionsCannotBothWin() throws Exception {
        var org = fixtures.org();
        Api api = fixtures.api();
        long customer = customer(org.admin(), "Racer");
        long product = product(org.admin(), "R", 10);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                long id = order(org.admin(), customer, List.of(item(product, 1)))
                        .get("id")
                        .asLong();
                walkTo(api, org.admin(), id, OrderStatus.PLACED);
                List<String> targets = round % 2 == 0 ? List.of("PAID", "CANCELLED") : List.of("PAID", "PAID");
                CountDownLatch ready = new CountDownLatch(2);
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Api.Response>> results = new ArrayList<>();
                for (String target : targets) {
                    results.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        return api.patch(org.admin(), "/api/orders/" + id, "{\"status\":\"" + target + "\"}");
                    }));
                }
                ready.await();
                go.countDown();
                List<Integer> statuses = new ArrayList<>();
                String winner = null;
                for (Future<Api.Response> f : results) {
                    Api.Response r = f.get();
                    statuses.add(r.status());
                    if (r.status() == 200) {
                        winner = r.json().get("status").asString();
                    } else {
                        assertProblem(r, 409, "status");
                    }
                }
                assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
                assertThat(fixtures.jdbc()
                                .sql("SELECT status FROM orders WHERE id = :id")
                                .param("id", id)
                                .query(String.class)
                                .single())
                        .isEqualTo(winner);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void referencesThatCannotBeUsedAre422AndCreateNothing() {
        var org = fixtures.org();
        var theirs = fixtures.org();
        Api api = fixtures.api();
        String token = org.admin();
        long customer = customer(token, "Mine");
        long deletedCustomer = customer(token, "Deleted");
        assertThat(api.delete(token, "/api/customers/" + deletedCustomer).status())
                .isEqualTo(204);
        long theirCustomer = customer(theirs.admin(), "Theirs");
        long ok = product(token, "OK", 10);
        long archived = productWithStatus(token, "ARCH", 10, "ARCHIVED");
        long deleted = product(token, "DEL", 10);
        assertThat(api.delete(token, "/api/products/" + deleted).status()).isEqualTo(204);
        long theirProduct = product(theirs.admin(), "THEIRS", 10);
        long huge = product(token, "HUGE", Long.MAX_VALUE / 2 + 1);

        assertProblem(create(api, token, theirCustomer, List.of(item(ok, 1))), 422, "customerId");
        assertProblem(create(api, token, deletedCustomer, List.of(item(ok, 1))), 422, "customerId");
        assertProblem(create(api, token, 999_999_999_999L, List.of(item(ok, 1))), 422, "customerId");
        assertProblem(
                create(api, token, customer, List.of(item(ok, 1), item(ok, 2), item(theirProduct, 1))),
                422,
                "items[2].productId");
        assertProblem(create(api, token, customer, List.of(item(deleted, 1))), 422, "items[0].productId");
        assertProblem(create(api, token, customer, List.of(item(ok, 1), item(archived, 1))), 422, "items[1].productId");
        assertProblem(create(api, token, customer, List.of(item(-1, 1))), 422, "items[0].productId");
        var both = create(api, token, theirCustomer, List.of(item(ok, 1), item(theirProduct, 1)));
        assertProblem(both, 422, "customerId");
        assertProblem(both, 422, "items[1].productId");
        // totals that do not fit in a bigint: one line, and a sum of lines
        assertProblem(create(api, token, customer, List.of(item(huge, 2))), 422, "items");
        assertProblem(create(api, token, customer, List.of(item(huge, 1), item(huge, 1))), 422, "items");
        assertProblem(create(api, token, customer, List.of(item(huge, 1_000_000))), 422, "items");

        assertThat(count("orders", org.id())).isZero();
        assertThat(count("order_items", org.id())).isZero();
        assertThat(fixtures.jdbc()
                        .sql("SELECT count(*) FROM org_counters WHERE org_id = :org")
                        .param("org", org.id())
                        .query(Long.class)
                        .single())
                .isZero();

        // the same checks guard item replacement
        long id = order(token, customer, List.of(item(ok, 1))).get("id").asLong();
        assertProblem(
                api.patch(token, "/api/orders/" + id, Api.json(Map.of("items", List.of(item(theirProduct, 1))))),
                422,
                "items[0].productId");
        assertProblem(
                api.patch(token, "/api/orders/" + id, Api.json(Map.of("items", List.of(item(archived, 1))))),
                422,
                "items[0].productId");
        assertProblem(
                api.patch(token, "/api/orders/" + id, Api.json(Map.of("items", List.of(item(huge, 2))))), 422, "items");
        assertThat(lines(api.get(token, "/api/orders/" + id).json())).containsExactly("OK x1 @10 = 10");
        assertThat(count("order_items", org.id())).isEqualTo(1);
        assertThat(count("order_items", theirs.id())).isZero();
        assertThat(count("orders", theirs.id())).isZero();
    }

    @Test
    void anotherOrgsOrderIsNotFoundOnEveryVerb() {
        var mine = fixtures.org();
        var theirs = fixtures.org();
        Api api = fixtures.api();
        long theirCustomer = customer(theirs.admin(), "Secret Customer");
        long theirProduct = product(theirs.admin(), "S", 5);
        long id = order(theirs.admin(), theirCustomer, List.of(item(theirProduct, 1)))
                .get("id")
                .asLong();
        long deleted = order(theirs.admin(), theirCustomer, List.of(item(theirProduct, 1)))
                .get("id")
                .asLong();
        assertThat(api.delete(theirs.admin(), "/api/orders/" + deleted).status())
                .isEqualTo(204);

        assertProblem(api.get(mine.admin(), "/api/orders/" + id), 404, null);
        assertProblem(api.patch(mine.admin(), "/api/orders/" + id, "{\"status\":\"PLACED\"}"), 404, null);
        assertProblem(api.patch(mine.admin(), "/api/orders/" + id, "{}"), 404, null);
        assertProblem(api.delete(mine.admin(), "/api/orders/" + id), 404, null);
        assertProblem(api.post(mine.admin(), "/api/orders/" + deleted + "/restore", null), 404, null);
        assertThat(api.get(mine.admin(), "/api/orders?customerId=" + theirCustomer)
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(api.get(mine.admin(), "/api/orders?q=secret").json().get("items"))
                .isEmpty();
        assertThat(api.get(mine.admin(), "/api/orders").json().get("items")).isEmpty();

        JsonNode still = api.get(theirs.admin(), "/api/orders/" + id).json();
        assertThat(still.get("status").asString()).isEqualTo("DRAFT");
        assertThat(api.get(theirs.admin(), "/api/orders/" + deleted).status()).isEqualTo(404);
    }

    @Test
    void softDeleteAndRestore() {
        var org = fixtures.org();
        Api api = fixtures.api();
        long customer = customer(org.member(), "Del");
        long id = order(org.member(), customer, List.of(item(product(org.member(), "D", 3), 2)))
                .get("id")
                .asLong();

        assertThat(api.delete(org.member(), "/api/orders/" + id).status()).isEqualTo(204);
        assertProblem(api.get(org.member(), "/api/orders/" + id), 404, null);
        assertProblem(api.patch(org.member(), "/api/orders/" + id, "{\"status\":\"PLACED\"}"), 404, null);
        assertProblem(api.delete(org.member(), "/api/orders/" + id), 404, null);
        assertThat(api.get(org.member(), "/api/orders").json().get("items")).isEmpty();
        assertThat(fixtures.jdbc()
                        .sql("SELECT count(*) FROM orders WHERE id = :id AND deleted_at IS NOT NULL")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);

        var restored = api.post(org.member(), "/api/orders/" + id + "/restore", null);
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(lines(restored.json())).containsExactly("D x2 @3 = 6");
        assertThat(api.get(org.member(), "/api/orders/" + id).status()).isEqualTo(200);
        assertThat(api.get(org.member(), "/api/orders").json().get("items")).hasSize(1);
        assertProblem(api.post(org.member(), "/api/orders/" + id + "/restore", null), 404, null);
    }

    @Test
    void listFiltersByStatusCustomerNameAndDates() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String token = org.admin();
        long alice = customer(token, "Alice Anders");
        long bob = customer(token, "Bob 100% Brown");
        long p = product(token, "F", 10);
        long aliceDraft = order(token, alice, List.of(item(p, 1))).get("id").asLong();
        long alicePlaced =
                order(token, alice, List.of(item(p, 1)), "PLACED").get("id").asLong();
        long bobPlaced =
                order(token, bob, List.of(item(p, 1)), "PLACED").get("id").asLong();
        long bobCancelled = order(token, bob, List.of(item(p, 1))).get("id").asLong();
        assertThat(api.patch(token, "/api/orders/" + bobCancelled, "{\"status\":\"CANCELLED\"}")
                        .status())
                .isEqualTo(200);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        assertThat(ids(api, token, "")).containsExactly(bobCancelled, bobPlaced, alicePlaced, aliceDraft);
        assertThat(ids(api, token, "status=PLACED")).containsExactly(bobPlaced, alicePlaced);
        assertThat(ids(api, token, "status=PLACED&status=CANCELLED"))
                .containsExactly(bobCancelled, bobPlaced, alicePlaced);
        assertThat(ids(api, token, "customerId=" + alice)).containsExactly(alicePlaced, aliceDraft);
        assertThat(ids(api, token, "q=ALICE")).containsExactly(alicePlaced, aliceDraft);
        assertThat(ids(api, token, "q=100%25")).containsExactly(bobCancelled, bobPlaced);
        assertThat(ids(api, token, "q=nobody")).isEmpty();
        assertThat(ids(api, token, "q=bob&status=PLACED")).containsExactly(bobPlaced);
        assertThat(ids(api, token, "placedFrom=" + today)).containsExactly(bobPlaced, alicePlaced);
        assertThat(ids(api, token, "placedFrom=" + yesterday + "&placedTo=" + today))
                .containsExactly(bobPlaced, alicePlaced);
        assertThat(ids(api, token, "placedTo=" + yesterday)).isEmpty();
        assertThat(ids(api, token, "createdFrom=" + today + "&customerId=" + bob))
                .containsExactly(bobCancelled, bobPlaced);
        assertThat(ids(api, token, "createdTo=" + yesterday)).isEmpty();
        assertThat(ids(api, token, "customerId=999999999999")).isEmpty();
    }

    @Test
    void cursorPagingWithFiltersReturnsEveryRowOnceWhileOrdersAreAdded() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String token = org.admin();
        long alice = customer(token, "Alice");
        long bob = customer(token, "Bob");
        long p = product(token, "C", 1);
        Set<Long> alicePlaced = new HashSet<>();
        for (int i = 0; i < 13; i++) {
            boolean placed = i % 4 != 0;
            long id = order(token, i % 5 == 0 ? bob : alice, List.of(item(p, 1)), placed ? "PLACED" : "DRAFT")
                    .get("id")
                    .asLong();
            if (placed && i % 5 != 0) {
                alicePlaced.add(id);
            }
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var response = api.get(
                    token,
                    "/api/orders?limit=3&status=PLACED&customerId=" + alice
                            + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            response.json().get("items").forEach(o -> seen.add(o.get("id").asLong()));
            order(token, alice, List.of(item(p, 1)), "PLACED");
            JsonNode next = response.json().get("nextCursor");
            cursor = next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(alicePlaced);
        assertThat(pages).isEqualTo((alicePlaced.size() + 2) / 3);
    }

    @Test
    void badCreateBodiesAreProblemsNamingTheField() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String token = org.admin();
        long c = customer(token, "Bad");
        long p = product(token, "B", 1);
        String items = "\"items\":[{\"productId\":" + p + ",\"quantity\":1}]";

        assertProblem(api.post(token, "/api/orders", "{\"customerId\":"), 400, null);
        assertProblem(api.post(token, "/api/orders", "{]"), 400, null);
        assertProblem(api.post(token, "/api/orders", null), 400, null);
        assertProblem(api.post(token, "/api/orders", "\"order\""), 400, null);
        assertProblem(api.send(token, "POST", "/api/orders", "<order/>", "application/xml"), 415, null);
        assertProblem(post(api, token, items), 400, "customerId");
        assertProblem(post(api, token, "\"customerId\":" + c), 400, "items");
        assertProblem(post(api, token, "\"customerId\":" + c + ",\"items\":[]"), 400, "items");
        assertProblem(post(api, token, "\"customerId\":" + c + ",\"items\":{}"), 400, "items");
        assertProblem(post(api, token, "\"customerId\":" + c + ",\"items\":[null]"), 400, "items[0]");
        assertProblem(post(api, token, "\"customerId\":\"abc\"," + items), 400, "customerId");
        assertProblem(post(api, token, "\"customerId\":1.5," + items), 400, "customerId");
        assertProblem(post(api, token, "\"customerId\":99999999999999999999999," + items), 400, "customerId");
        assertProblem(
                post(api, token, "\"customerId\":" + c + ",\"items\":[{\"quantity\":1}]"), 400, "items[0].productId");
        assertProblem(
                post(api, token, "\"customerId\":" + c + ",\"items\":[{\"productId\":" + p + "}]"),
                400,
                "items[0].quantity");
        assertProblem(
                post(api, token, "\"customerId\":" + c + ",\"items\":[{\"productId\":\"x\",\"quantity\":1}]"),
                400,
                "items[0].productId");
        for (String quantity : List.of("0", "-1", "1000001", "1.5", "\"abc\"", "99999999999", "null")) {
            assertProblem(
                    post(
                            api,
                            token,
                            "\"customerId\":" + c + ",\"items\":[{\"productId\":" + p + ",\"quantity\":1},"
                                    + "{\"productId\":" + p + ",\"quantity\":" + quantity + "}]"),
                    400,
                    "items[1].quantity");
        }
        StringBuilder many = new StringBuilder("\"customerId\":" + c + ",\"items\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("{\"productId\":").append(p).append(",\"quantity\":1}");
        }
        assertProblem(post(api, token, many.append("]").toString()), 400, "items");
        assertProblem(post(api, token, "\"customerId\":" + c + "," + items + ",\"status\":\"BOGUS\""), 400, "status");
        assertProblem(post(api, token, "\"customerId\":" + c + "," + items + ",\"status\":\"PAID\""), 400, "status");
        assertProblem(
                post(api, token, "\"customerId\":" + c + "," + items + ",\"status\":\"" + "S".repeat(10_000) + "\""),
                400,
                "status");
        assertProblem(post(api, token, "\"customerId\":\"" + "1".repeat(10_000) + "\"," + items), 400, "customerId");

        assertThat(count("orders", org.id())).isZero();
    }

    @Test
    void badPatchBodiesAndIdsAreProblemsNamingTheField() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String token = org.admin();
        long p = product(token, "B", 1);
        long id = order(token, customer(token, "Patchy"), List.of(item(p, 1)))
                .get("id")
                .asLong();
        String path = "/api/orders/" + id;

        assertProblem(api.patch(token, path, "{\"status\":"), 400, null);
        assertProblem(api.patch(token, path, "{\"status\":\"SHIPPING\"}"), 400, "status");
        assertProblem(api.patch(token, path, "{\"status\":3}"), 400, "status");
        assertProblem(api.patch(token, path, "{\"items\":[]}"), 400, "items");
        assertProblem(
                api.patch(token, path, "{\"items\":[{\"productId\":" + p + ",\"quantity\":0}]}"),
                400,
                "items[0].quantity");
        assertProblem(
                api.patch(token, path, "{\"items\":[{\"productId\":" + p + ",\"quantity\":2.5}]}"),
                400,
                "items[0].quantity");
        assertProblem(
                api.patch(token, path, "{\"items\":[{\"productId\":\"" + "9".repeat(10_000) + "\",\"quantity\":1}]}"),
                400,
                "items[0].productId");
        assertThat(api.get(token, path).json().get("status").asString()).isEqualTo("DRAFT");

        for (String bad : List.of("abc", "99999999999999999999999", "1e3", "%20")) {
            assertEveryVerbIs(api, token, "/api/orders", bad, "{\"status\":\"PLACED\"}", 400, "id");
        }
        assertProblem(api.get(token, "/api/orders/0"), 404, null);
        assertProblem(api.get(token, "/api/orders/" + Long.MIN_VALUE), 404, null);
    }

    @Test
    void badListParametersAreProblemsNamingTheParameter() throws Exception {
        var org = fixtures.org();
        Api api = fixtures.api();
        String token = org.admin();
        long c = customer(token, "Lister");
        long p = product(token, "L", 1);
        for (int i = 0; i < 3; i++) {
            order(token, c, List.of(item(p, 1)));
        }
        for (String limit : List.of("0", "101", "-1", "abc", "")) {
            var response = api.get(token, "/api/orders?limit=" + limit);
            if (limit.isEmpty()) {
                assertThat(response.status()).isEqualTo(200);
            } else {
                assertProblem(response, 400, "limit");
            }
        }
        String cursor =
                api.get(token, "/api/orders?limit=1").json().get("nextCursor").asString();
        assertThat(api.get(token, "/api/orders?limit=1&cursor=" + cursor).json().get("items"))
                .hasSize(1);
        String tampered = cursor.substring(0, cursor.length() - 2) + (cursor.endsWith("AA") ? "BB" : "AA");
        assertProblem(api.get(token, "/api/orders?cursor=" + tampered), 400, "cursor");
        assertProblem(api.get(token, "/api/orders?cursor=%00%01"), 400, "cursor");
        assertProblem(api.get(token, "/api/orders?cursor=not-a-cursor"), 400, "cursor");
        product(token, "L2", 1);
        String productsCursor =
                api.get(token, "/api/products?limit=1").json().get("nextCursor").asString();
        assertProblem(api.get(token, "/api/orders?cursor=" + productsCursor), 400, "cursor");

        assertProblem(api.get(token, "/api/orders?status=OPEN"), 400, "status");
        assertProblem(api.get(token, "/api/orders?status=PLACED&status=placed"), 400, "status");
        assertProblem(api.get(token, "/api/orders?createdFrom=2026-02-30"), 400, "createdFrom");
        assertProblem(api.get(token, "/api/orders?placedFrom=last-week"), 400, "placedFrom");
        assertProblem(api.get(token, "/api/orders?placedTo=2026-01-01T25:00:00Z"), 400, "placedTo");
        assertProblem(api.get(token, "/api/orders?placedFrom=2026-03-02&placedTo=2026-03-01"), 400, "placedTo");
        assertProblem(api.get(token, "/api/orders?placedFrom=" + "2".repeat(10_000)), 400, "placedFrom");
        assertProblem(api.get(token, "/api/orders?customerId=abc"), 400, "customerId");
        assertProblem(api.get(token, "/api/orders?customerId=99999999999999999999999"), 400, "customerId");
        assertProblem(api.get(token, "/api/orders?q=" + "q".repeat(201)), 400, "q");
        assertProblem(api.get(token, "/api/orders?q=%00"), 400, "q");
        // refused by Tomcat itself, still problem+json
        assertThat(raw(token, "/api/orders?q=%zz")).startsWith("HTTP/1.1 400").contains("application/problem+json");
        assertThat(raw(token, "/api/orders/%zz")).startsWith("HTTP/1.1 400").contains("application/problem+json");
        assertProblem(api.get(token, "/api/orders?q=" + "q".repeat(100_000)), 400, null);
    }

    @Test
    void openApiDescribesTheOrderAndProductEndpoints() {
        var docs = fixtures.api().get(null, "/v3/api-docs");
        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        JsonNode paths = docs.json().get("paths");
        assertThat(paths.has("/api/orders/{id}/restore")).isTrue();
        assertThat(paths.has("/api/products/{id}")).isTrue();
        assertThat(paths.get("/api/orders").get("get").toString()).contains("placedFrom", "customerId", "cursor");
    }

    // --- helpers ---------------------------------------------------------------------------

    @Autowired
    org.springframework.boot.web.server.context.WebServerApplicationContext server;

    /** Sends a request line java.net.URI would refuse to build; returns the raw response head and body. */
    private String raw(String token, String target) throws java.io.IOException {
        try (var socket = new java.net.Socket("localhost", server.getWebServer().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                                    + "\r\nConnection: close\r\n\r\n")
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private long customer(String token, String name) {
        return fixtures.create(token, "/api/customers", Map.of("name", name));
    }

    private long product(String token, String sku, long price) {
        return productWithStatus(token, sku, price, "ACTIVE");
    }

    private long productWithStatus(String token, String sku, long price, String status) {
        return fixtures.create(
                token, "/api/products", Map.of("sku", sku, "name", "Product " + sku, "price", price, "status", status));
    }

    private static Map<String, Object> item(long productId, int quantity) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("productId", productId);
        item.put("quantity", quantity);
        return item;
    }

    private JsonNode order(String token, long customerId, List<Map<String, Object>> items) {
        return order(token, customerId, items, "DRAFT");
    }

    private JsonNode order(String token, long customerId, List<Map<String, Object>> items, String status) {
        var response = create(fixtures.api(), token, customerId, items, status);
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json();
    }

    private static Api.Response create(Api api, String token, long customerId, List<Map<String, Object>> items) {
        return create(api, token, customerId, items, null);
    }

    private static Api.Response create(
            Api api, String token, long customerId, List<Map<String, Object>> items, String status) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customerId);
        body.put("items", items);
        if (status != null) {
            body.put("status", status);
        }
        return api.post(token, "/api/orders", Api.json(body));
    }

    private static Api.Response post(Api api, String token, String fields) {
        return api.post(token, "/api/orders", "{" + fields + "}");
    }

    /** Moves a new DRAFT order along allowed transitions until it has {@code target}. */
    private static void walkTo(Api api, String token, long id, OrderStatus target) {
        List<String> path = switch (target) {
            case DRAFT -> List.of();
            case PLACED -> List.of("PLACED");
            case PAID -> List.of("PLACED", "PAID");
            case SHIPPED -> List.of("PLACED", "PAID", "SHIPPED");
            case CANCELLED -> List.of("CANCELLED");
            case REFUNDED -> List.of("PLACED", "PAID", "REFUNDED");
        };
        for (String step : path) {
            var response = api.patch(token, "/api/orders/" + id, "{\"status\":\"" + step + "\"}");
            assertThat(response.status()).as(step + ": " + response).isEqualTo(200);
        }
    }

    private long count(String table, long orgId) {
        return fixtures.jdbc()
                .sql("SELECT count(*) FROM " + table + " WHERE org_id = :org")
                .param("org", orgId)
                .query(Long.class)
                .single();
    }

    private static List<Long> ids(Api api, String token, String query) {
        var response = api.get(token, "/api/orders?limit=100&" + query);
        assertThat(response.status()).as(query + ": " + response).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        response.json().get("items").forEach(o -> ids.add(o.get("id").asLong()));
        return ids;
    }

    private static List<String> lines(JsonNode order) {
        List<String> lines = new ArrayList<>();
        order.get("items")
                .forEach(i -> lines.add(i.get("sku").asString() + " x"
                        + i.get("quantity").asInt() + " @" + i.get("unitPrice").asLong() + " = "
                        + i.get("lineTotal").asLong()));
        return lines;
    }
}
