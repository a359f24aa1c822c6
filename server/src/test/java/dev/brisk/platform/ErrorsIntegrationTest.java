package dev.brisk.platform;

import static dev.brisk.support.Problems.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The worst inputs a client can send, against the shared error handling (customers as the example). */
@BriskIntegrationTest
class ErrorsIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Test
    void malformedAndMistypedBodies() {
        var org = fixtures.org();
        Api api = fixtures.api();
        assertProblem(api.post(org.admin(), "/api/customers", "{\"name\": "), 400, null);
        assertProblem(api.post(org.admin(), "/api/customers", "not json at all"), 400, null);
        assertProblem(api.post(org.admin(), "/api/customers", ""), 400, null);
        assertProblem(api.post(org.admin(), "/api/customers", "[]"), 400, null);
        assertProblem(api.post(org.admin(), "/api/customers", "{\"name\": {\"nested\": 1}}"), 400, "name");
        assertProblem(
                api.post(org.admin(), "/api/customers", "{\"name\": \"ok\", \"status\": \"VIP\"}"), 400, "status");
        assertProblem(api.post(org.admin(), "/api/customers", "{}"), 400, "name");
        assertProblem(
                api.post(org.admin(), "/api/customers", "{\"name\": \"" + "x".repeat(10_000) + "\"}"), 400, "name");
        assertProblem(api.post(org.admin(), "/api/customers", "{\"name\": \"   \"}"), 400, "name");
        assertProblem(api.post(org.admin(), "/api/customers", "{\"name\": \"ok\", \"email\": \"nope\"}"), 400, "email");
        assertProblem(api.patch(org.admin(), "/api/customers/1", "{\"name\": \"\"}"), 400, "name");
        assertThat(api.get(org.admin(), "/api/customers").json().get("items")).isEmpty();
    }

    @Test
    void badListParameters() {
        var org = fixtures.org();
        Api api = fixtures.api();
        for (String limit : List.of("0", "101", "-1", "abc", "1e3", "99999999999999999999")) {
            assertProblem(api.get(org.admin(), "/api/customers?limit=" + limit), 400, "limit");
        }
        assertProblem(api.get(org.admin(), "/api/customers?cursor=garbage!!"), 400, "cursor");
        assertProblem(api.get(org.admin(), "/api/customers?cursor=" + "A".repeat(38)), 400, "cursor");
        assertProblem(api.get(org.admin(), "/api/customers?status=VIP"), 400, "status");
        assertProblem(api.get(org.admin(), "/api/customers?createdFrom=2026-13-45"), 400, "createdFrom");
        assertProblem(api.get(org.admin(), "/api/customers?createdTo=yesterday"), 400, "createdTo");
        assertProblem(
                api.get(org.admin(), "/api/customers?createdFrom=2026-02-01&createdTo=2026-01-01"), 400, "createdTo");
        assertProblem(api.get(org.admin(), "/api/customers?q=" + "x".repeat(300)), 400, "q");
    }

    @Test
    void tamperedCursorAndCursorFromAnotherList() {
        var org = fixtures.org();
        Api api = fixtures.api();
        for (int i = 0; i < 3; i++) {
            fixtures.create(org.admin(), "/api/customers", java.util.Map.of("name", "c" + i));
        }
        String cursor = api.get(org.admin(), "/api/customers?limit=1")
                .json()
                .get("nextCursor")
                .asString();
        assertThat(api.get(org.admin(), "/api/customers?cursor=" + cursor).status())
                .isEqualTo(200);
        char flipped = cursor.charAt(3) == 'A' ? 'B' : 'A';
        String tampered = cursor.substring(0, 3) + flipped + cursor.substring(4);
        assertProblem(api.get(org.admin(), "/api/customers?cursor=" + tampered), 400, "cursor");
        assertProblem(api.get(org.admin(), "/api/users?cursor=" + cursor), 400, "cursor");
    }

    @Test
    void badIdsMethodsMediaTypesAndSizes() {
        var org = fixtures.org();
        Api api = fixtures.api();
        assertProblem(api.get(org.admin(), "/api/customers/abc"), 400, "id");
        assertProblem(api.get(org.admin(), "/api/customers/99999999999999999999999"), 400, "id");
        assertProblem(api.get(org.admin(), "/api/customers/-1"), 404, null);
        assertProblem(api.get(org.admin(), "/api/customers/9223372036854775807"), 404, null);
        assertProblem(api.send(org.admin(), "PUT", "/api/customers/1", "{}", "application/json"), 405, null);
        assertProblem(
                api.send(org.admin(), "POST", "/api/customers", "name=x", "application/x-www-form-urlencoded"),
                415,
                null);
        assertProblem(api.send(org.admin(), "POST", "/api/customers", "<a/>", "application/xml"), 415, null);
        assertProblem(
                api.post(org.admin(), "/api/customers", "{\"name\":\"" + "x".repeat(2_000_000) + "\"}"), 413, null);
        assertProblem(api.get(org.admin(), "/api/nothing-here"), 404, null);
    }
}
