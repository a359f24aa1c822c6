package dev.brisk.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** #11 item 6 over HTTP: passwords, sessions, SSE bounds, page headers, restores, unknown parameters. */
@BriskIntegrationTest
class HardeningIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    Fixtures fixtures;

    @Test
    void passwordsOverBcryptsLimitOrTooShortAre400NamingTheField() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String long73 = "é".repeat(36) + "x"; // 37 characters, 73 bytes of UTF-8
        var login = api.post(null, "/api/auth/login", Api.json(Map.of("email", org.memberEmail(), "password", long73)));
        assertThat(login.status()).as(login.toString()).isEqualTo(400);
        assertThat(login.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(login.body()).doesNotContain("Exception", "at org.");

        var create = api.post(
                org.admin(),
                "/api/users",
                Api.json(Map.of(
                        "email",
                        "long-" + org.slug() + "@x.test",
                        "name",
                        "Long",
                        "password",
                        long73,
                        "role",
                        "MEMBER")));
        assertThat(create.status()).isEqualTo(400);
        assertThat(create.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
        var tooShort = api.post(
                org.admin(),
                "/api/users",
                Api.json(Map.of(
                        "email",
                        "short-" + org.slug() + "@x.test",
                        "name",
                        "Short",
                        "password",
                        "nine-char",
                        "role",
                        "MEMBER")));
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().get("errors").get(0).get("field").asString()).isEqualTo("password");
        assertThat(tooShort.json().get("errors").get(0).get("message").asString())
                .contains("10");
        // exactly 72 bytes is fine
        String exactly72 = "é".repeat(36);
        assertThat(api.post(
                                org.admin(),
                                "/api/users",
                                Api.json(Map.of(
                                        "email",
                                        "ok-" + org.slug() + "@x.test",
                                        "name",
                                        "Ok",
                                        "password",
                                        exactly72,
                                        "role",
                                        "MEMBER")))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void logoutAllEndsEverySessionOfTheUserOnly() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String one = fixtures.login(org.memberEmail());
        String two = fixtures.login(org.memberEmail());
        assertThat(api.get(two, "/api/auth/me").status()).isEqualTo(200);
        assertThat(api.post(one, "/api/auth/logout-all", null).status()).isEqualTo(204);
        assertThat(api.get(one, "/api/auth/me").status()).isEqualTo(401);
        assertThat(api.get(two, "/api/auth/me").status()).isEqualTo(401);
        assertThat(api.get(org.admin(), "/api/auth/me").status()).isEqualTo(200);
    }

    @Test
    void changingThePasswordEndsTheOtherSessionsAndKeepsThisOne() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String here = fixtures.login(org.memberEmail());
        String elsewhere = fixtures.login(org.memberEmail());
        assertThat(api.get(elsewhere, "/api/customers").status()).isEqualTo(200); // cached on this node

        var wrong = api.post(
                here,
                "/api/auth/password",
                Api.json(Map.of("currentPassword", "not-it-at-all", "newPassword", "a-new-password")));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("currentPassword");
        var weak = api.post(
                here,
                "/api/auth/password",
                Api.json(Map.of("currentPassword", Fixtures.PASSWORD, "newPassword", "short")));
        assertThat(weak.json().get("errors").get(0).get("field").asString()).isEqualTo("newPassword");

        assertThat(api.post(
                                here,
                                "/api/auth/password",
                                Api.json(Map.of("currentPassword", Fixtures.PASSWORD, "newPassword", "a-new-password")))
                        .status())
                .isEqualTo(204);
        assertThat(api.get(here, "/api/customers").status()).isEqualTo(200);
        assertThat(api.get(elsewhere, "/api/customers").status()).isEqualTo(401);
        assertThat(api.post(
                                null,
                                "/api/auth/login",
                                Api.json(Map.of("email", org.memberEmail(), "password", Fixtures.PASSWORD)))
                        .status())
                .isEqualTo(401);
        assertThat(api.post(
                                null,
                                "/api/auth/login",
                                Api.json(Map.of("email", org.memberEmail(), "password", "a-new-password")))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void pagesCarryCspReferrerPolicyAndNoFramingAndHaveAFavicon() {
        Api api = fixtures.api();
        for (String page : List.of("/", "/monitoring", "/monitoring.html", "/customers", "/app.html", "/api/auth/me")) {
            var response = api.get(null, page);
            assertThat(response.header("Content-Security-Policy"))
                    .as(page)
                    .contains("script-src 'self'")
                    .contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(response.header("Referrer-Policy")).as(page).isEqualTo("no-referrer");
            assertThat(response.header("X-Frame-Options")).as(page).isEqualTo("DENY");
        }
        assertThat(api.get(null, "/favicon.svg").status()).isEqualTo(200);
        assertThat(api.get(null, "/favicon.ico").status()).isEqualTo(200);
        // no inline script or handler in the pages, which the policy would block
        for (String page : List.of("/", "/monitoring.html", "/app.html")) {
            String html = api.get(null, page).body();
            assertThat(html).containsPattern("rel=\"icon\"");
            assertThat(html.replaceAll("<script (type=\"module\" )?src=\"[^\"]+\"></script>", ""))
                    .doesNotContain("<script")
                    .doesNotContainPattern("\\son[a-z]+=");
        }
    }

    @Test
    void restoringAChildOfADeletedParentIs409NamingTheParent() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String admin = org.admin();
        long customer = fixtures.create(admin, "/api/customers", Map.of("name", "Parent"));
        long product = fixtures.create(admin, "/api/products", Map.of("sku", "R-1", "name", "r", "price", 100));
        long order = fixtures.create(admin, "/api/orders", Fixtures.placedOrder(customer, product, 1));
        long invoice = fixtures.create(admin, "/api/invoices", Map.of("orderId", order));

        assertThat(api.delete(admin, "/api/invoices/" + invoice).status()).isEqualTo(204);
        assertThat(api.delete(admin, "/api/orders/" + order).status()).isEqualTo(204);
        assertThat(api.delete(admin, "/api/customers/" + customer).status()).isEqualTo(204);

        var invoiceBack = api.post(admin, "/api/invoices/" + invoice + "/restore", null);
        assertThat(invoiceBack.status()).as(invoiceBack.toString()).isEqualTo(409);
        assertThat(invoiceBack.json().get("errors").get(0).get("field").asString())
                .isEqualTo("orderId");
        var orderBack = api.post(admin, "/api/orders/" + order + "/restore", null);
        assertThat(orderBack.status()).as(orderBack.toString()).isEqualTo(409);
        assertThat(orderBack.json().get("errors").get(0).get("field").asString())
                .isEqualTo("customerId");

        // parents first, then it works
        assertThat(api.post(admin, "/api/customers/" + customer + "/restore", null)
                        .status())
                .isEqualTo(200);
        assertThat(api.post(admin, "/api/orders/" + order + "/restore", null).status())
                .isEqualTo(200);
        assertThat(api.post(admin, "/api/invoices/" + invoice + "/restore", null)
                        .status())
                .isEqualTo(200);
        assertThat(api.post(admin, "/api/orders/999999999/restore", null).status())
                .isEqualTo(404);
    }

    @Test
    void listsAnswerAnUnknownQueryParameterWith400NamingIt() {
        var org = fixtures.org();
        Api api = fixtures.api();
        for (String path : List.of(
                "/api/customers?stauts=ACTIVE",
                "/api/orders?limit=5&stauts=PAID",
                "/api/invoices?stauts=PAID",
                "/api/products?stauts=ACTIVE",
                "/api/users?stauts=ACTIVE")) {
            var response = api.get(org.admin(), path);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.json().get("errors").get(0).get("field").asString())
                    .as(path)
                    .isEqualTo("stauts");
        }
        // the known ones still work, cached or not
        assertThat(api.get(org.admin(), "/api/orders?limit=5&status=PAID&placedFrom=2026-01-01&customerId=1")
                        .status())
                .isEqualTo(200);
        assertThat(api.get(org.admin(), "/api/invoices?status=PAID&dueFrom=2026-01-01&orderId=1")
                        .status())
                .isEqualTo(200);
        assertThat(api.get(org.admin(), "/api/customers?limit=5&q=x").status()).isEqualTo(200);
        assertThat(api.get(org.admin(), "/api/customers?limit=5&q=x&junk=1").status())
                .isEqualTo(400);
    }

    @Test
    void monitoringStreamsAreBoundedPerOperatorAndEndWithTheSession() throws Exception {
        Api api = fixtures.api();
        String operator = fixtures.operator();
        List<InputStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                HttpResponse<InputStream> stream = openStream(api, operator);
                assertThat(stream.statusCode()).isEqualTo(200);
                open.add(stream.body());
            }
            HttpResponse<InputStream> fourth = openStream(api, operator);
            assertThat(fourth.statusCode()).isEqualTo(429);
            fourth.body().close();
            // another operator still gets one
            HttpResponse<InputStream> other = openStream(api, fixtures.operator());
            assertThat(other.statusCode()).isEqualTo(200);
            open.add(other.body());

            // logging out ends this operator's streams within a sample or two
            assertThat(api.post(operator, "/api/auth/logout", null).status()).isEqualTo(204);
            for (InputStream body : open.subList(0, 3)) {
                CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> drain(body));
                ended.get(15, TimeUnit.SECONDS);
            }
        } finally {
            for (InputStream body : open) {
                body.close();
            }
        }
    }

    private static HttpResponse<InputStream> openStream(Api api, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + "/api/monitoring/stream"))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(20))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    private static void drain(InputStream body) {
        try {
            byte[] buffer = new byte[4096];
            while (body.read(buffer) >= 0) {
                // samples keep coming until the stream ends
            }
        } catch (java.io.IOException e) {
            // ended
        }
    }
}
