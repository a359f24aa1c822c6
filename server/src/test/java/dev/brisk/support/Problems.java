package dev.brisk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Assertions on problem+json answers (RFC 9457). */
public final class Problems {

    private Problems() {}

    /**
     * The response is a problem+json of {@code status} that leaks no exception or SQL text, and, when
     * {@code field} is not null, names that field among its {@code errors}.
     */
    public static void assertProblem(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(response.body())
                .doesNotContainIgnoringCase("exception")
                .doesNotContainIgnoringCase("select ")
                .doesNotContain("SQL")
                .doesNotContain("at dev.");
        if (field != null) {
            assertThat(body.get("errors")).as(response.toString()).isNotNull();
            List<String> fields = new ArrayList<>();
            body.get("errors").forEach(e -> fields.add(e.get("field").asString()));
            assertThat(fields).as(response.toString()).contains(field);
        }
    }

    /**
     * GET, PATCH (with {@code patch}), DELETE and restore of {@code collection/id} are each that
     * problem.
     */
    public static void assertEveryVerbIs(
            Api api, String token, String collection, String id, String patch, int status, String field) {
        String path = collection + "/" + id;
        assertProblem(api.get(token, path), status, field);
        assertProblem(api.patch(token, path, patch), status, field);
        assertProblem(api.delete(token, path), status, field);
        assertProblem(api.post(token, path + "/restore", null), status, field);
    }
}
