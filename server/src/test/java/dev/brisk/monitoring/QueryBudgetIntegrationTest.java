package dev.brisk.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Walks every API endpoint, with cold caches (cleared first) and warm ones (the same calls again),
 * and fails when a call issues more statements than its endpoint's {@link QueryBudget}. Every
 * endpoint must declare a budget and be walked here, so a new one cannot slip past.
 */
@BriskIntegrationTest
class QueryBudgetIntegrationTest {

    /** Endpoints that are not part of the product (test probes). */
    static final Set<String> EXEMPT = Set.of("GET /api/test/n-plus-one");

    @Autowired
    Fixtures fixtures;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    record Call(String route, String method, String path, String body) {}

    @Test
    void everyEndpointStaysWithinItsBudgetColdAndWarm() {
        Map<String, Integer> budgets = budgets();
        var org = fixtures.org();
        Api api = fixtures.api();
        String admin = org.admin();
        String operator = fixtures.operator();

        long customer = fixtures.create(admin, "/api/customers", Map.of("name", "Budget Co"));
        long product = fixtures.create(admin, "/api/products", Map.of("sku", "B-1", "name", "b", "price", 500));
        long order = fixtures.create(admin, "/api/orders", Fixtures.placedOrder(customer, product, 2));
        long invoice = fixtures.create(admin, "/api/invoices", Map.of("orderId", order));
        long unbilled = fixtures.create(admin, "/api/orders", Fixtures.placedOrder(customer, product, 1));
        long user = fixtures.create(
                admin,
                "/api/users",
                Map.of(
                        "email",
                        "budget-" + org.slug() + "@example.com",
                        "name",
                        "B",
                        "password",
                        Fixtures.PASSWORD,
                        "role",
                        "MEMBER"));

        List<Call> reads = List.of(
                new Call("GET /api/auth/me", "GET", "/api/auth/me", null),
                new Call("GET /api/users", "GET", "/api/users?limit=5", null),
                new Call("GET /api/users/{id}", "GET", "/api/users/" + user, null),
                new Call("GET /api/customers", "GET", "/api/customers?limit=5&q=budget&status=LEAD", null),
                new Call("GET /api/customers/{id}", "GET", "/api/customers/" + customer, null),
                new Call("GET /api/products", "GET", "/api/products?limit=5&q=b", null),
                new Call("GET /api/products/{id}", "GET", "/api/products/" + product, null),
                new Call(
                        "GET /api/orders",
                        "GET",
                        "/api/orders?limit=5&status=PLACED&q=budget&placedFrom=2020-01-01",
                        null),
                new Call("GET /api/orders/{id}", "GET", "/api/orders/" + order, null),
                new Call("GET /api/invoices", "GET", "/api/invoices?limit=5&dueFrom=2020-01-01&q=budget", null),
                new Call("GET /api/invoices/{id}", "GET", "/api/invoices/" + invoice, null),
                new Call("GET /api/dashboard", "GET", "/api/dashboard", null),
                new Call("GET /api/organization", "GET", "/api/organization", null),
                new Call("GET /api/orders/statuses", "GET", "/api/orders/statuses", null),
                new Call("GET /api/invoices/statuses", "GET", "/api/invoices/statuses", null),
                new Call("GET /api/monitoring/performance", "GET", "/api/monitoring/performance", null));
        List<Call> writes = List.of(
                new Call("POST /api/customers", "POST", "/api/customers", "{\"name\":\"w\"}"),
                new Call("PATCH /api/customers/{id}", "PATCH", "/api/customers/" + customer, "{\"phone\":\"123\"}"),
                new Call("POST /api/products", "POST", "/api/products", "{\"sku\":\"B-2\",\"name\":\"w\",\"price\":1}"),
                new Call("PATCH /api/products/{id}", "PATCH", "/api/products/" + product, "{\"stock\":3}"),
                new Call(
                        "POST /api/orders",
                        "POST",
                        "/api/orders",
                        Api.json(Map.of(
                                "customerId",
                                customer,
                                "items",
                                List.of(
                                        Map.of("productId", product, "quantity", 1),
                                        Map.of("productId", product, "quantity", 3))))),
                new Call("PATCH /api/orders/{id}", "PATCH", "/api/orders/" + order, "{\"status\":\"PAID\"}"),
                new Call("PATCH /api/invoices/{id}", "PATCH", "/api/invoices/" + invoice, "{\"status\":\"SENT\"}"),
                new Call("DELETE /api/invoices/{id}", "DELETE", "/api/invoices/" + invoice, null),
                new Call("POST /api/invoices/{id}/restore", "POST", "/api/invoices/" + invoice + "/restore", null),
                new Call("POST /api/invoices", "POST", "/api/invoices", Api.json(Map.of("orderId", unbilled))),
                new Call("DELETE /api/customers/{id}", "DELETE", "/api/customers/" + customer, null),
                new Call("POST /api/customers/{id}/restore", "POST", "/api/customers/" + customer + "/restore", null),
                new Call("DELETE /api/products/{id}", "DELETE", "/api/products/" + product, null),
                new Call("POST /api/products/{id}/restore", "POST", "/api/products/" + product + "/restore", null),
                new Call("DELETE /api/orders/{id}", "DELETE", "/api/orders/" + order, null),
                new Call("POST /api/orders/{id}/restore", "POST", "/api/orders/" + order + "/restore", null),
                new Call(
                        "POST /api/users",
                        "POST",
                        "/api/users",
                        Api.json(Map.of(
                                "email",
                                "w-" + org.slug() + "@example.com",
                                "name",
                                "W",
                                "password",
                                Fixtures.PASSWORD,
                                "role",
                                "MEMBER"))),
                new Call("PATCH /api/users/{id}", "PATCH", "/api/users/" + user, "{\"role\":\"ADMIN\"}"),
                new Call(
                        "POST /api/monitoring/performance",
                        "POST",
                        "/api/monitoring/performance?action=clear-cache",
                        null),
                new Call("GET /api/monitoring/stream", "GET", null, null),
                new Call(
                        "POST /api/auth/login",
                        "POST",
                        "/api/auth/login",
                        Api.json(Map.of("email", org.memberEmail(), "password", Fixtures.PASSWORD))),
                new Call(
                        "POST /api/auth/password",
                        "POST",
                        "/api/auth/password",
                        Api.json(Map.of("currentPassword", Fixtures.PASSWORD, "newPassword", Fixtures.PASSWORD))),
                new Call("POST /api/auth/logout-all", "POST", "/api/auth/logout-all", null),
                new Call("POST /api/auth/logout", "POST", "/api/auth/logout", null));

        Set<String> walked = new TreeSet<>();
        Map<String, Integer> measured = new LinkedHashMap<>();
        List<String> over = new ArrayList<>();
        api.post(operator, "/api/monitoring/performance?action=clear-cache", null);
        // cold reads (caches just cleared), the same reads warm, then the writes
        for (String phase : List.of("cold", "warm", "write")) {
            for (Call call : phase.equals("write") ? writes : reads) {
                walked.add(call.route());
                if (call.path() == null) {
                    continue; // the SSE stream never ends; its budget is checked at declaration only
                }
                String token = call.route().equals("POST /api/auth/login")
                        ? null
                        : call.route().startsWith("POST /api/auth/")
                                ? fixtures.login(org.memberEmail())
                                : call.route().contains(" /api/monitoring/") ? operator : admin;
                var response = api.send(
                        token,
                        call.method(),
                        call.path(),
                        call.body(),
                        call.body() == null ? null : "application/json");
                assertThat(response.status()).as(call + " " + response).isLessThan(400);
                int statements = response.statements();
                measured.merge(phase + " " + call.route(), statements, Math::max);
                if (statements > budgets.get(call.route())) {
                    over.add(phase + " " + call.route() + ": " + statements + " > " + budgets.get(call.route()));
                }
            }
        }
        assertThat(walked).as("every endpoint walked").containsAll(budgets.keySet());
        assertThat(over).as("measured " + measured).isEmpty();
        // warm reads of cached endpoints cost no SQL at all (once the writes above have been
        // announced and the dashboard views refreshed, which happen in the background)
        for (String path : List.of("/api/customers/" + customer, "/api/orders?limit=5", "/api/dashboard")) {
            api.get(admin, path);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get(admin, path).statements() == 0);
        }
    }

    /** Every /api handler with its declared budget; an endpoint without one fails the test. */
    private Map<String, Integer> budgets() {
        Map<String, Integer> budgets = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : info.getPatternValues()) {
                for (var method : info.getMethodsCondition().getMethods()) {
                    String route = method + " " + pattern;
                    if (!pattern.startsWith("/api/") || EXEMPT.contains(route)) {
                        continue;
                    }
                    QueryBudget budget = ((HandlerMethod) handler).getMethodAnnotation(QueryBudget.class);
                    if (budget == null) {
                        missing.add(route);
                    } else {
                        budgets.put(route, budget.value());
                    }
                }
            }
        });
        assertThat(missing).as("endpoints without @QueryBudget").isEmpty();
        return budgets;
    }
}
