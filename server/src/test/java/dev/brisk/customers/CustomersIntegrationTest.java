package dev.brisk.customers;

import static dev.brisk.support.Problems.assertEveryVerbIs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@BriskIntegrationTest
class CustomersIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Test
    void createGetPatchDeleteRestore() {
        var org = fixtures.org();
        Api api = fixtures.api();
        long id = fixtures.create(
                org.member(),
                "/api/customers",
                Map.of(
                        "name",
                        "Ada Lovelace",
                        "email",
                        "ada@example.com",
                        "company",
                        "Engines Ltd",
                        "status",
                        "ACTIVE"));

        JsonNode got = api.get(org.member(), "/api/customers/" + id).json();
        assertThat(got.get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(got.get("status").asString()).isEqualTo("ACTIVE");

        var patched =
                api.patch(org.member(), "/api/customers/" + id, "{\"phone\":\"+44 20 7946 0000\",\"company\":\"\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("phone").asString()).isEqualTo("+44 20 7946 0000");
        assertThat(patched.json().get("company").isNull()).isTrue();
        assertThat(patched.json().get("email").asString()).isEqualTo("ada@example.com");

        assertThat(api.delete(org.member(), "/api/customers/" + id).status()).isEqualTo(204);
        assertThat(api.get(org.member(), "/api/customers/" + id).status()).isEqualTo(404);
        assertThat(api.get(org.member(), "/api/customers").json().get("items")).isEmpty();
        assertThat(api.delete(org.member(), "/api/customers/" + id).status()).isEqualTo(404);

        var restored = api.post(org.member(), "/api/customers/" + id + "/restore", null);
        assertThat(restored.status()).isEqualTo(200);
        assertThat(api.get(org.member(), "/api/customers/" + id).status()).isEqualTo(200);
        assertThat(api.post(org.member(), "/api/customers/" + id + "/restore", null)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void searchTreatsWildcardsLiterallyAndIgnoresCase() {
        var org = fixtures.org();
        fixtures.create(org.admin(), "/api/customers", Map.of("name", "100% Organic"));
        fixtures.create(org.admin(), "/api/customers", Map.of("name", "1000 Organics"));
        fixtures.create(org.admin(), "/api/customers", Map.of("name", "snake_case Inc"));
        fixtures.create(org.admin(), "/api/customers", Map.of("name", "snakeXcase Inc"));
        Api api = fixtures.api();

        assertThat(names(api.get(org.admin(), "/api/customers?q=100%25").json()))
                .containsExactly("100% Organic");
        assertThat(names(api.get(org.admin(), "/api/customers?q=SNAKE_").json()))
                .containsExactly("snake_case Inc");
        assertThat(names(api.get(org.admin(), "/api/customers?q=organic").json()))
                .hasSize(2);
        assertThat(names(api.get(org.admin(), "/api/customers?q=%5C").json())).isEmpty();
    }

    @Test
    void statusFilterIsRepeatable() {
        var org = fixtures.org();
        fixtures.create(org.admin(), "/api/customers", Map.of("name", "a", "status", "LEAD"));
        fixtures.create(org.admin(), "/api/customers", Map.of("name", "b", "status", "ACTIVE"));
        fixtures.create(org.admin(), "/api/customers", Map.of("name", "c", "status", "CHURNED"));
        var page = fixtures.api()
                .get(org.admin(), "/api/customers?status=LEAD&status=CHURNED")
                .json();
        assertThat(names(page)).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void cursorPagingReturnsEveryRowOnceWhileRowsAreInserted() {
        var org = fixtures.org();
        Api api = fixtures.api();
        Set<Long> original = new HashSet<>();
        for (int i = 0; i < 25; i++) {
            original.add(fixtures.create(org.admin(), "/api/customers", Map.of("name", "c" + i)));
        }
        Set<Long> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = api.get(org.admin(), "/api/customers?limit=4" + (cursor == null ? "" : "&cursor=" + cursor))
                    .json();
            for (JsonNode item : page.get("items")) {
                assertThat(seen.add(item.get("id").asLong()))
                        .as("seen twice: " + item)
                        .isTrue();
            }
            // rows inserted during the walk are newer than the cursor: they must not disturb it
            fixtures.create(org.admin(), "/api/customers", Map.of("name", "late" + pages));
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
            pages++;
        } while (cursor != null);
        assertThat(seen).containsAll(original);
        assertThat(pages).isEqualTo(7);
    }

    @Test
    void anotherOrgsCustomerIsNotFoundOnEveryVerb() {
        var mine = fixtures.org();
        var theirs = fixtures.org();
        long id = fixtures.create(theirs.admin(), "/api/customers", Map.of("name", "Secret"));
        Api api = fixtures.api();
        assertEveryVerbIs(api, mine.admin(), "/api/customers", String.valueOf(id), "{\"name\":\"x\"}", 404, null);
        assertThat(api.get(mine.admin(), "/api/customers?q=Secret").json().get("items"))
                .isEmpty();
        assertThat(api.get(theirs.admin(), "/api/customers/" + id)
                        .json()
                        .get("name")
                        .asString())
                .isEqualTo("Secret");
    }

    private static java.util.List<String> names(JsonNode page) {
        java.util.List<String> names = new java.util.ArrayList<>();
        page.get("items").forEach(i -> names.add(i.get("name").asString()));
        return names;
    }
}
