package dev.brisk.invoices;

import static dev.brisk.support.Problems.assertEveryVerbIs;
import static dev.brisk.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@BriskIntegrationTest
class InvoicesIntegrationTest {

    private static final List<String> STATUSES = List.of("DRAFT", "SENT", "PAID", "OVERDUE", "VOID");
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "DRAFT", Set.of("SENT", "VOID"),
            "SENT", Set.of("PAID", "OVERDUE", "VOID"),
            "OVERDUE", Set.of("PAID", "VOID"),
            "PAID", Set.of(),
            "VOID", Set.of());

    @Autowired
    Fixtures fixtures;

    Api api;
    OrderRows rows;

    @BeforeEach
    void setUp() {
        api = fixtures.api();
        rows = new OrderRows(fixtures);
    }

    // --- happy paths ------------------------------------------------------------------------

    @Test
    void createGetListPatchDeleteRestore() {
        var org = fixtures.org();
        long customer = customer(org.member(), "Ada Lovelace");
        long order = rows.order(org.id(), customer, "PLACED", 3, 1_400);

        var created = api.post(org.member(), "/api/invoices", "{\"orderId\":" + order + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode invoice = created.json();
        long id = invoice.get("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/invoices/" + id);
        assertThat(invoice.get("number").asLong()).isEqualTo(1);
        assertThat(invoice.get("orderId").asLong()).isEqualTo(order);
        assertThat(invoice.get("customerId").asLong()).isEqualTo(customer);
        assertThat(invoice.get("amount").asLong()).isEqualTo(4_200);
        assertThat(invoice.get("status").asString()).isEqualTo("DRAFT");
        assertThat(invoice.get("issuedAt").isNull()).isTrue();
        assertThat(invoice.get("paidAt").isNull()).isTrue();
        LocalDate created30 = LocalDate.ofInstant(
                        java.time.Instant.parse(invoice.get("createdAt").asString()), ZoneOffset.UTC)
                .plusDays(30);
        assertThat(invoice.get("dueDate").asString()).isEqualTo(created30.toString());

        JsonNode got = api.get(org.member(), "/api/invoices/" + id).json();
        assertThat(got).isEqualTo(invoice);
        assertThat(ids(api.get(org.member(), "/api/invoices").json())).containsExactly(id);

        String due = today().plusDays(45).toString();
        var sent = api.patch(org.member(), "/api/invoices/" + id, "{\"status\":\"SENT\",\"dueDate\":\"" + due + "\"}");
        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(sent.json().get("status").asString()).isEqualTo("SENT");
        assertThat(sent.json().get("issuedAt").isNull()).isFalse();
        assertThat(sent.json().get("dueDate").asString()).isEqualTo(due);

        var paid = api.patch(org.member(), "/api/invoices/" + id, "{\"status\":\"PAID\"}");
        assertThat(paid.status()).as(paid.toString()).isEqualTo(200);
        assertThat(paid.json().get("paidAt").isNull()).isFalse();
        assertThat(paid.json().get("issuedAt")).isEqualTo(sent.json().get("issuedAt"));
        assertThat(paid.json().get("dueDate").asString()).isEqualTo(due);

        var unchanged = api.patch(org.member(), "/api/invoices/" + id, "{}");
        assertThat(unchanged.status()).isEqualTo(200);
        assertThat(unchanged.json()).isEqualTo(paid.json());

        assertThat(api.delete(org.member(), "/api/invoices/" + id).status()).isEqualTo(204);
        assertThat(api.get(org.member(), "/api/invoices/" + id).status()).isEqualTo(404);
        assertThat(api.patch(org.member(), "/api/invoices/" + id, "{\"status\":\"VOID\"}")
                        .status())
                .isEqualTo(404);
        assertThat(api.get(org.member(), "/api/invoices").json().get("items")).isEmpty();
        assertThat(api.delete(org.member(), "/api/invoices/" + id).status()).isEqualTo(404);

        var restored = api.post(org.member(), "/api/invoices/" + id + "/restore", null);
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.json().get("status").asString()).isEqualTo("PAID");
        assertThat(api.get(org.member(), "/api/invoices/" + id).status()).isEqualTo(200);
        assertThat(api.post(org.member(), "/api/invoices/" + id + "/restore", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void createAsSentWithDueDateAndNumbersCountPerOrg() {
        var org = fixtures.org();
        var other = fixtures.org();
        long customer = customer(org.admin(), "Grace");
        String due = today().plusDays(7).toString();
        var first = api.post(
                org.admin(),
                "/api/invoices",
                Api.json(Map.of("orderId", rows.placed(org.id(), customer), "status", "SENT", "dueDate", due)));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("status").asString()).isEqualTo("SENT");
        assertThat(first.json().get("issuedAt").isNull()).isFalse();
        assertThat(first.json().get("dueDate").asString()).isEqualTo(due);

        var second = api.post(
                org.admin(),
                "/api/invoices",
                Api.json(Map.of("orderId", rows.placed(org.id(), customer), "status", "DRAFT")));
        assertThat(second.json().get("number").asLong())
                .isEqualTo(first.json().get("number").asLong() + 1);

        // a due date of "yesterday in UTC" is still today somewhere
        var yesterday = api.post(
                org.admin(),
                "/api/invoices",
                Api.json(Map.of(
                        "orderId",
                        rows.placed(org.id(), customer),
                        "dueDate",
                        today().minusDays(1).toString())));
        assertThat(yesterday.status()).as(yesterday.toString()).isEqualTo(201);

        long otherCustomer = customer(other.admin(), "Other");
        var elsewhere = api.post(
                other.admin(), "/api/invoices", Api.json(Map.of("orderId", rows.placed(other.id(), otherCustomer))));
        assertThat(elsewhere.json().get("number").asLong()).isEqualTo(1);
    }

    @Test
    void onlyPlacedLiveOrdersOfTheCallersOrgCanBeInvoiced() {
        var org = fixtures.org();
        long customer = customer(org.admin(), "Buyer");
        for (String status : List.of("PLACED", "PAID", "SHIPPED")) {
            var response = api.post(
                    org.admin(),
                    "/api/invoices",
                    Api.json(Map.of("orderId", rows.order(org.id(), customer, status, 1, 100))));
            assertThat(response.status()).as(status + ": " + response).isEqualTo(201);
        }
        for (String status : List.of("DRAFT", "CANCELLED", "REFUNDED")) {
            var response = api.post(
                    org.admin(),
                    "/api/invoices",
                    Api.json(Map.of("orderId", rows.order(org.id(), customer, status, 1, 100))));
            assertProblem(response, 409, "orderId");
        }
        long deleted = rows.placed(org.id(), customer);
        rows.softDelete(deleted);
        assertProblem(api.post(org.admin(), "/api/invoices", Api.json(Map.of("orderId", deleted))), 404, "orderId");
        assertProblem(
                api.post(org.admin(), "/api/invoices", Api.json(Map.of("orderId", Long.MAX_VALUE))), 404, "orderId");
        assertThat(rows.invoiceCount(org.id())).isEqualTo(3);
    }

    // --- one invoice per order --------------------------------------------------------------

    @Test
    void anOrderHasAtMostOneLiveInvoiceThatIsNotVoid() {
        var org = fixtures.org();
        long order = rows.placed(org.id(), customer(org.admin(), "Once"));
        String body = Api.json(Map.of("orderId", order));
        long first = created(api.post(org.admin(), "/api/invoices", body));
        assertProblem(api.post(org.admin(), "/api/invoices", body), 409, "orderId");

        // a void invoice no longer bills the order
        assertThat(api.patch(org.admin(), "/api/invoices/" + first, "{\"status\":\"VOID\"}")
                        .status())
                .isEqualTo(200);
        long second = created(api.post(org.admin(), "/api/invoices", body));
        assertProblem(api.post(org.admin(), "/api/invoices", body), 409, "orderId");

        // nor does a deleted one
        assertThat(api.delete(org.admin(), "/api/invoices/" + second).status()).isEqualTo(204);
        long third = created(api.post(org.admin(), "/api/invoices", body));

        // restoring the deleted one would make two
        assertProblem(api.post(org.admin(), "/api/invoices/" + second + "/restore", null), 409, "id");
        assertThat(api.get(org.admin(), "/api/invoices/" + second).status()).isEqualTo(404);

        // a void invoice can always come back; once the live one is void, so can the other
        assertThat(api.delete(org.admin(), "/api/invoices/" + first).status()).isEqualTo(204);
        assertThat(api.post(org.admin(), "/api/invoices/" + first + "/restore", null)
                        .status())
                .isEqualTo(200);
        assertThat(api.patch(org.admin(), "/api/invoices/" + third, "{\"status\":\"VOID\"}")
                        .status())
                .isEqualTo(200);
        assertThat(api.post(org.admin(), "/api/invoices/" + second + "/restore", null)
                        .status())
                .isEqualTo(200);
        assertThat(ids(api.get(org.admin(), "/api/invoices?orderId=" + order).json()))
                .containsExactlyInAnyOrder(first, second, third);
    }

    @Test
    void concurrentCreatesForOneOrderMakeExactlyOneInvoice() throws Exception {
        var org = fixtures.org();
        long order = rows.placed(org.id(), customer(org.admin(), "Racer"));
        String body = Api.json(Map.of("orderId", order));
        List<Integer> statuses = concurrently(
                8, () -> api.post(org.admin(), "/api/invoices", body).status());
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        assertThat(rows.invoiceCount(org.id())).isEqualTo(1);
    }

    @Test
    void concurrentRestoresAndCreatesKeepOneLiveInvoice() throws Exception {
        var org = fixtures.org();
        long order = rows.placed(org.id(), customer(org.admin(), "Racer"));
        String body = Api.json(Map.of("orderId", order));
        List<Long> deleted = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long id = created(api.post(org.admin(), "/api/invoices", body));
            assertThat(api.delete(org.admin(), "/api/invoices/" + id).status()).isEqualTo(204);
            deleted.add(id);
        }
        List<Callable<Integer>> calls = new ArrayList<>();
        for (long id : deleted) {
            calls.add(() -> api.post(org.admin(), "/api/invoices/" + id + "/restore", null)
                    .status());
            calls.add(() -> api.post(org.admin(), "/api/invoices", body).status());
        }
        List<Integer> statuses = concurrently(calls);
        assertThat(statuses).isSubsetOf(200, 201, 409);
        assertThat(statuses.stream().filter(s -> s != 409)).hasSize(1);
        assertThat(api.get(org.admin(), "/api/invoices?orderId=" + order).json().get("items"))
                .hasSize(1);
    }

    // --- status transitions -----------------------------------------------------------------

    @Test
    void everyAllowedTransitionSucceedsAndEveryOtherIsAConflict() {
        var org = fixtures.org();
        long customer = customer(org.admin(), "Transitions");
        for (String from : STATUSES) {
            for (String to : STATUSES) {
                long id = invoiceIn(org.admin(), org.id(), customer, from);
                JsonNode before = api.get(org.admin(), "/api/invoices/" + id).json();
                var response = api.patch(org.admin(), "/api/invoices/" + id, "{\"status\":\"" + to + "\"}");
                JsonNode after = api.get(org.admin(), "/api/invoices/" + id).json();
                if (ALLOWED.get(from).contains(to)) {
                    assertThat(response.status())
                            .as(from + " -> " + to + ": " + response)
                            .isEqualTo(200);
                    assertThat(response.json().get("status").asString()).isEqualTo(to);
                    assertThat(after).isEqualTo(response.json());
                    assertThat(after.get("paidAt").isNull())
                            .as("paidAt after " + to)
                            .isEqualTo(!to.equals("PAID"));
                    if (to.equals("SENT")) {
                        assertThat(after.get("issuedAt").isNull()).isFalse();
                    } else {
                        assertThat(after.get("issuedAt")).isEqualTo(before.get("issuedAt"));
                    }
                } else {
                    assertProblem(response, 409, "status");
                    assertThat(after)
                            .as(from + " -> " + to + " changed nothing")
                            .isEqualTo(before);
                }
            }
        }
    }

    @Test
    void dueDateChangesOnlyWhileUnpaidAndNotVoid() {
        var org = fixtures.org();
        long customer = customer(org.admin(), "Due");
        String due = today().plusDays(60).toString();
        for (String status : STATUSES) {
            long id = invoiceIn(org.admin(), org.id(), customer, status);
            var response = api.patch(org.admin(), "/api/invoices/" + id, "{\"dueDate\":\"" + due + "\"}");
            if (Set.of("DRAFT", "SENT", "OVERDUE").contains(status)) {
                assertThat(response.status()).as(status + ": " + response).isEqualTo(200);
                assertThat(response.json().get("dueDate").asString()).isEqualTo(due);
                assertThat(response.json().get("status").asString()).isEqualTo(status);
            } else {
                assertProblem(response, 409, "dueDate");
            }
        }
    }

    @Test
    void concurrentTransitionsCannotBothWin() throws Exception {
        var org = fixtures.org();
        long customer = customer(org.admin(), "Racer");
        for (int round = 0; round < 3; round++) {
            long id = invoiceIn(org.admin(), org.id(), customer, "SENT");
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> api.patch(org.admin(), "/api/invoices/" + id, "{\"status\":\"PAID\"}")
                        .status());
                calls.add(() -> api.patch(org.admin(), "/api/invoices/" + id, "{\"status\":\"VOID\"}")
                        .status());
            }
            List<Integer> statuses = concurrently(calls);
            assertThat(statuses).containsOnly(200, 409);
            assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        }
    }

    // --- tenancy ----------------------------------------------------------------------------

    @Test
    void anotherOrgsInvoiceOrOrderIsNotFoundOnEveryVerb() {
        var mine = fixtures.org();
        var theirs = fixtures.org();
        long theirCustomer = customer(theirs.admin(), "Secret Buyer");
        long theirOrder = rows.placed(theirs.id(), theirCustomer);
        long id = created(api.post(theirs.admin(), "/api/invoices", Api.json(Map.of("orderId", theirOrder))));
        long theirDeleted = created(api.post(
                theirs.admin(), "/api/invoices", Api.json(Map.of("orderId", rows.placed(theirs.id(), theirCustomer)))));
        assertThat(api.delete(theirs.admin(), "/api/invoices/" + theirDeleted).status())
                .isEqualTo(204);

        assertProblem(api.get(mine.member(), "/api/invoices/" + id), 404, null);
        assertProblem(api.patch(mine.member(), "/api/invoices/" + id, "{\"status\":\"SENT\"}"), 404, null);
        assertProblem(
                api.patch(mine.member(), "/api/invoices/" + id, "{\"dueDate\":\"" + today().plusDays(3) + "\"}"),
                404,
                null);
        assertProblem(api.delete(mine.member(), "/api/invoices/" + id), 404, null);
        assertProblem(api.post(mine.member(), "/api/invoices/" + theirDeleted + "/restore", null), 404, null);
        assertThat(api.get(mine.member(), "/api/invoices").json().get("items")).isEmpty();
        assertThat(api.get(mine.member(), "/api/invoices?q=Secret").json().get("items"))
                .isEmpty();
        assertThat(api.get(mine.member(), "/api/invoices?orderId=" + theirOrder)
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(api.get(mine.member(), "/api/invoices?customerId=" + theirCustomer)
                        .json()
                        .get("items"))
                .isEmpty();

        // their order named in my body: not found, and nothing is created or numbered anywhere
        long otherOrder = rows.placed(theirs.id(), theirCustomer);
        assertProblem(
                api.post(mine.member(), "/api/invoices", Api.json(Map.of("orderId", otherOrder))), 404, "orderId");
        assertThat(rows.invoiceCount(mine.id())).isZero();
        assertThat(fixtures.jdbc()
                        .sql("SELECT count(*) FROM org_counters WHERE org_id = :org AND name = 'invoice'")
                        .param("org", mine.id())
                        .query(Long.class)
                        .single())
                .isZero();

        // and theirs is untouched
        JsonNode still = api.get(theirs.admin(), "/api/invoices/" + id).json();
        assertThat(still.get("status").asString()).isEqualTo("DRAFT");
        assertThat(api.get(theirs.admin(), "/api/invoices/" + theirDeleted).status())
                .isEqualTo(404);
        assertThat(api.post(theirs.admin(), "/api/invoices", Api.json(Map.of("orderId", otherOrder)))
                        .status())
                .isEqualTo(201);
    }

    // --- lists ------------------------------------------------------------------------------

    @Test
    void pagingWithFiltersReturnsEveryMatchingRowOnce() {
        var org = fixtures.org();
        long ada = customer(org.admin(), "Ada 100%");
        long bob = customer(org.admin(), "Bob");
        Set<Long> adaSent = new HashSet<>();
        Set<Long> all = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            long customer = i % 3 == 2 ? bob : ada;
            String status = i % 2 == 0 ? "SENT" : "DRAFT";
            long id = created(api.post(
                    org.admin(),
                    "/api/invoices",
                    Api.json(Map.of("orderId", rows.placed(org.id(), customer), "status", status))));
            all.add(id);
            if (customer == ada && status.equals("SENT")) {
                adaSent.add(id);
            }
        }
        assertThat(walk(org.admin(), "status=SENT&customerId=" + ada, 2)).containsExactlyInAnyOrderElementsOf(adaSent);
        assertThat(walk(org.admin(), "status=SENT&status=DRAFT&status=SENT", 4))
                .containsExactlyInAnyOrderElementsOf(all);
        assertThat(walk(org.admin(), "q=a%20100%25&status=SENT", 1)).containsExactlyInAnyOrderElementsOf(adaSent);
        assertThat(walk(org.admin(), "q=BOB", 2)).hasSize(3);
        assertThat(walk(org.admin(), "q=_", 2)).isEmpty();
        assertThat(walk(org.admin(), "status=PAID", 2)).isEmpty();
        assertThat(walk(org.admin(), "createdFrom=" + today().minusDays(1) + "&createdTo=" + today(), 5))
                .hasSize(9);
        assertThat(walk(org.admin(), "createdFrom=" + today().plusDays(1), 5)).isEmpty();
        assertThat(walk(org.admin(), "createdTo=" + today().minusDays(1), 5)).isEmpty();

        // the cursor keeps the walk steady while new invoices arrive
        Set<Long> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get(org.admin(), "/api/invoices?limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            for (JsonNode item : page.get("items")) {
                assertThat(seen.add(item.get("id").asLong()))
                        .as("seen twice: " + item)
                        .isTrue();
            }
            created(api.post(org.admin(), "/api/invoices", Api.json(Map.of("orderId", rows.placed(org.id(), bob)))));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).isEqualTo(all);
        assertThat(pages).isEqualTo(5);
    }

    @Test
    void dueRangeFiltersCompareDatesInclusively() {
        var org = fixtures.org();
        long customer = customer(org.admin(), "Dates");
        Map<Integer, Long> byOffset = new HashMap<>();
        for (int offset : List.of(10, 20, 30)) {
            byOffset.put(
                    offset,
                    created(api.post(
                            org.admin(),
                            "/api/invoices",
                            Api.json(Map.of(
                                    "orderId",
                                    rows.placed(org.id(), customer),
                                    "dueDate",
                                    today().plusDays(offset).toString())))));
        }
        String d10 = today().plusDays(10).toString();
        String d20 = today().plusDays(20).toString();
        assertThat(walk(org.admin(), "dueFrom=" + d10 + "&dueTo=" + d20, 5))
                .containsExactlyInAnyOrder(byOffset.get(10), byOffset.get(20));
        assertThat(walk(org.admin(), "dueFrom=" + d20, 5))
                .containsExactlyInAnyOrder(byOffset.get(20), byOffset.get(30));
        assertThat(walk(org.admin(), "dueTo=" + d10, 5)).containsExactly(byOffset.get(10));
        assertThat(walk(org.admin(), "dueFrom=" + d10 + "&dueTo=" + d10, 5)).containsExactly(byOffset.get(10));
        // a date-time bound: the 10th-day invoice is due at the start of its day, before noon
        assertThat(walk(org.admin(), "dueFrom=" + d10 + "T12:00:00Z", 5))
                .containsExactlyInAnyOrder(byOffset.get(20), byOffset.get(30));
        assertThat(walk(org.admin(), "dueTo=" + d20 + "T00:00:00Z", 5)).containsExactly(byOffset.get(10));
        assertThat(walk(org.admin(), "dueTo=" + d20 + "T00:00:01Z", 5))
                .containsExactlyInAnyOrder(byOffset.get(10), byOffset.get(20));
    }

    // --- bad input --------------------------------------------------------------------------

    @Test
    void badCreateBodiesAreProblemsNamingTheField() {
        var org = fixtures.org();
        long order = rows.placed(org.id(), customer(org.admin(), "Input"));
        String t = org.admin();
        String longText = "x".repeat(10_000);
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":"), 400, null);
        assertProblem(api.post(t, "/api/invoices", "not json"), 400, null);
        assertProblem(api.post(t, "/api/invoices", "[]"), 400, null);
        assertProblem(api.post(t, "/api/invoices", ""), 400, null);
        assertProblem(api.send(t, "POST", "/api/invoices", "orderId=1", "text/plain"), 415, null);
        assertProblem(api.post(t, "/api/invoices", "{}"), 400, "orderId");
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":null}"), 400, "orderId");
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":\"abc\"}"), 400, "orderId");
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":1.5}"), 400, "orderId");
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":true}"), 400, "orderId");
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":[1]}"), 400, "orderId");
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":0}"), 400, "orderId");
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":-5}"), 400, "orderId");
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":99999999999999999999999}"), 400, "orderId");
        // the parser refuses a 10 000-digit number before it knows which field it belongs to
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":" + "9".repeat(10_000) + "}"), 400, null);
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":\"" + longText + "\"}"), 400, "orderId");
        for (String due : List.of("2026-13-45", "tomorrow", "2026-02-30", "01/02/2027", longText)) {
            assertProblem(
                    api.post(t, "/api/invoices", "{\"orderId\":" + order + ",\"dueDate\":\"" + due + "\"}"),
                    400,
                    "dueDate");
        }
        for (String due : List.of("12345", "true", "{}", "99999999999999999999")) {
            assertProblem(
                    api.post(t, "/api/invoices", "{\"orderId\":" + order + ",\"dueDate\":" + due + "}"),
                    400,
                    "dueDate");
        }
        // in the past, beyond the five years allowed, beyond what a date column holds
        for (String due :
                List.of(today().minusDays(2).toString(), today().plusYears(6).toString(), "+999999999-12-31")) {
            assertProblem(
                    api.post(t, "/api/invoices", Api.json(Map.of("orderId", order, "dueDate", due))), 400, "dueDate");
        }
        for (String status : List.of("PAID", "OVERDUE", "VOID", "BOGUS", "draft", "", longText)) {
            assertProblem(
                    api.post(t, "/api/invoices", Api.json(Map.of("orderId", order, "status", status))), 400, "status");
        }
        assertProblem(api.post(t, "/api/invoices", "{\"orderId\":" + order + ",\"status\":7}"), 400, "status");
        assertThat(rows.invoiceCount(org.id())).isZero();
        assertThat(api.post(t, "/api/invoices", Api.json(Map.of("orderId", order)))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void badPatchBodiesAreProblemsNamingTheField() {
        var org = fixtures.org();
        String t = org.admin();
        long id = invoiceIn(t, org.id(), customer(t, "Patch"), "DRAFT");
        JsonNode before = api.get(t, "/api/invoices/" + id).json();
        String path = "/api/invoices/" + id;
        assertProblem(api.patch(t, path, "{\"status\":"), 400, null);
        assertProblem(api.patch(t, path, "[1]"), 400, null);
        assertProblem(api.patch(t, path, ""), 400, null);
        assertProblem(api.patch(t, path, "{\"status\":\"BOGUS\"}"), 400, "status");
        assertProblem(api.patch(t, path, "{\"status\":1}"), 400, "status");
        assertProblem(api.patch(t, path, "{\"status\":\"1\"}"), 400, "status");
        assertProblem(api.patch(t, path, "{\"status\":\"" + "S".repeat(10_000) + "\"}"), 400, "status");
        assertProblem(api.patch(t, path, "{\"dueDate\":\"2026-13-45\"}"), 400, "dueDate");
        assertProblem(api.patch(t, path, "{\"dueDate\":\"tomorrow\"}"), 400, "dueDate");
        assertProblem(api.patch(t, path, "{\"dueDate\":\"" + "1".repeat(10_000) + "\"}"), 400, "dueDate");
        assertProblem(api.patch(t, path, "{\"dueDate\":\"" + today().minusYears(1) + "\"}"), 400, "dueDate");
        assertProblem(api.patch(t, path, "{\"status\":\"SENT\",\"dueDate\":\"2000-01-01\"}"), 400, "dueDate");
        assertThat(api.get(t, path).json()).isEqualTo(before);
    }

    @Test
    void badListParametersAreProblemsNamingTheParameter() {
        var org = fixtures.org();
        String t = org.admin();
        long customer = customer(t, "Lister");
        customer(t, "Lister 2");
        for (int i = 0; i < 3; i++) {
            created(api.post(t, "/api/invoices", Api.json(Map.of("orderId", rows.placed(org.id(), customer)))));
        }
        for (String limit : List.of("0", "101", "-1", "abc", "1.5", "99999999999")) {
            assertProblem(api.get(t, "/api/invoices?limit=" + limit), 400, "limit");
        }
        String cursor =
                api.get(t, "/api/invoices?limit=1").json().get("nextCursor").asString();
        assertThat(api.get(t, "/api/invoices?limit=1&cursor=" + cursor).status())
                .isEqualTo(200);
        // (the last character is not used: its low bits are base64 padding)
        int mac = cursor.length() - 5;
        String tamperedMac =
                cursor.substring(0, mac) + (cursor.charAt(mac) == 'A' ? 'B' : 'A') + cursor.substring(mac + 1);
        String tamperedPosition = cursor.substring(0, 3) + (cursor.charAt(3) == 'A' ? 'B' : 'A') + cursor.substring(4);
        assertProblem(api.get(t, "/api/invoices?cursor=" + tamperedMac), 400, "cursor");
        assertProblem(api.get(t, "/api/invoices?cursor=" + tamperedPosition), 400, "cursor");
        assertProblem(api.get(t, "/api/invoices?cursor=garbage"), 400, "cursor");
        assertProblem(api.get(t, "/api/invoices?cursor=%25%25%25"), 400, "cursor");
        assertProblem(api.get(t, "/api/invoices?cursor=" + "A".repeat(2_000)), 400, "cursor");
        String customersCursor =
                api.get(t, "/api/customers?limit=1").json().get("nextCursor").asString();
        assertProblem(api.get(t, "/api/invoices?cursor=" + customersCursor), 400, "cursor");

        assertProblem(api.get(t, "/api/invoices?status=BOGUS"), 400, "status");
        assertProblem(api.get(t, "/api/invoices?status=SENT&status=sent"), 400, "status");
        assertProblem(api.get(t, "/api/invoices?dueFrom=garbage"), 400, "dueFrom");
        assertProblem(api.get(t, "/api/invoices?dueFrom=2026-13-45"), 400, "dueFrom");
        assertProblem(api.get(t, "/api/invoices?dueTo=tomorrow"), 400, "dueTo");
        assertProblem(api.get(t, "/api/invoices?dueFrom=2026-03-02&dueTo=2026-03-01"), 400, "dueTo");
        assertProblem(api.get(t, "/api/invoices?createdFrom=yesterday"), 400, "createdFrom");
        assertProblem(api.get(t, "/api/invoices?createdTo=2026-02-30"), 400, "createdTo");
        for (String extreme :
                List.of("%2B999999999-12-31T00:00:00Z", "-999999999-01-01T00:00:00Z", "%2B300000-01-01T00:00:00Z")) {
            assertProblem(api.get(t, "/api/invoices?createdFrom=" + extreme), 400, "createdFrom");
            assertProblem(api.get(t, "/api/invoices?dueTo=" + extreme), 400, "dueTo");
        }
        assertProblem(api.get(t, "/api/invoices?customerId=abc"), 400, "customerId");
        assertProblem(api.get(t, "/api/invoices?customerId=99999999999999999999"), 400, "customerId");
        assertProblem(api.get(t, "/api/invoices?orderId=1e3"), 400, "orderId");
        assertProblem(api.get(t, "/api/invoices?q=" + "q".repeat(300)), 400, "q");
        assertProblem(api.get(t, "/api/invoices?q=" + "q".repeat(10_000)), 400, "q");
        assertProblem(api.get(t, "/api/invoices?dueFrom=" + "1".repeat(10_000)), 400, "dueFrom");
        assertProblem(api.get(t, "/api/invoices?customerId=" + "1".repeat(10_000)), 400, "customerId");
        assertProblem(api.get(t, "/api/invoices?cursor=" + "A".repeat(10_000)), 400, "cursor");
        assertThat(api.get(t, "/api/invoices?q=%25%5C_").json().get("items")).isEmpty();
    }

    @Test
    void badIdsInPathsAreProblems() {
        var org = fixtures.org();
        String t = org.admin();
        for (String id : List.of("abc", "99999999999999999999999", "1.5", "%20")) {
            assertEveryVerbIs(api, t, "/api/invoices", id, "{\"status\":\"SENT\"}", 400, "id");
        }
        for (String id : List.of("-1", "0", String.valueOf(Long.MAX_VALUE))) {
            assertEveryVerbIs(api, t, "/api/invoices", id, "{\"status\":\"SENT\"}", 404, null);
        }
        assertProblem(api.send(t, "PUT", "/api/invoices/1", "{}", "application/json"), 405, null);
        assertProblem(api.get(null, "/api/invoices"), 401, null);
    }

    // --- helpers ----------------------------------------------------------------------------

    private long customer(String token, String name) {
        return fixtures.create(token, "/api/customers", Map.of("name", name));
    }

    /** A new invoice (for a new placed order) brought into {@code status} through the API. */
    private long invoiceIn(String token, long orgId, long customer, String status) {
        String initial = status.equals("DRAFT") || status.equals("VOID") ? "DRAFT" : "SENT";
        long id = created(api.post(
                token, "/api/invoices", Api.json(Map.of("orderId", rows.placed(orgId, customer), "status", initial))));
        if (!status.equals(initial)) {
            var moved = api.patch(token, "/api/invoices/" + id, "{\"status\":\"" + status + "\"}");
            assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        }
        return id;
    }

    private static long created(Api.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asLong();
    }

    /** Every id of a filtered list, page by page; each page must be full except the last. */
    private List<Long> walk(String token, String query, int limit) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        do {
            var response = api.get(
                    token, "/api/invoices?limit=" + limit + "&" + query + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.status()).as(query + ": " + response).isEqualTo(200);
            JsonNode page = response.json();
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            if (cursor != null) {
                assertThat(page.get("items")).hasSize(limit);
            }
            ids.addAll(ids(page));
        } while (cursor != null);
        assertThat(new HashSet<>(ids)).as("no id twice").hasSameSizeAs(ids);
        return ids;
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asLong()));
        return ids;
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static <T> List<T> concurrently(int n, Callable<T> call) throws Exception {
        List<Callable<T>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(call);
        }
        return concurrently(calls);
    }

    /** Runs the calls at once (released together by a latch) and returns their results in order. */
    private static <T> List<T> concurrently(List<Callable<T>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
