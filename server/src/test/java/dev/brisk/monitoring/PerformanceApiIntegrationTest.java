package dev.brisk.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@BriskIntegrationTest
class PerformanceApiIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Test
    void operatorOnly() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String operator = fixtures.operator();
        assertThat(api.get(null, "/api/monitoring/performance").status()).isEqualTo(401);
        assertThat(api.get(org.member(), "/api/monitoring/performance").status())
                .isEqualTo(403);
        assertThat(api.post(org.member(), "/api/monitoring/performance?action=reset", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.get(org.member(), "/api/monitoring/stream").status()).isEqualTo(403);
        // an organization's ADMIN is no platform operator
        var asAdmin = api.get(org.admin(), "/api/monitoring/performance");
        assertThat(asAdmin.status()).isEqualTo(403);
        assertThat(asAdmin.json().get("detail").asString()).contains("OPERATOR");
        assertThat(api.post(org.admin(), "/api/monitoring/performance?action=reset", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.post(org.admin(), "/api/monitoring/performance?action=clear-cache", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.get(org.admin(), "/api/monitoring/stream").status()).isEqualTo(403);
        assertThat(api.get(operator, "/api/monitoring/performance").status()).isEqualTo(200);
    }

    @Test
    void theNumbersAgreeWithTheTrafficSentAndResetZeroesThem() {
        var org = fixtures.org();
        String operator = fixtures.operator();
        Api api = fixtures.api();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "Counted"));
        assertThat(api.post(operator, "/api/monitoring/performance?action=reset", null)
                        .status())
                .isEqualTo(200);
        int statements = 0;
        for (int i = 0; i < 7; i++) {
            statements += api.get(org.member(), "/api/customers/" + id).statements();
        }
        api.get(org.member(), "/api/customers/abc");

        JsonNode report = api.get(operator, "/api/monitoring/performance").json();
        JsonNode route = route(report, "GET /api/customers/{id}");
        assertThat(route.get("count").asLong()).isEqualTo(8);
        assertThat(route.get("clientErrors").asLong()).isEqualTo(1);
        assertThat(route.get("serverErrors").asLong()).isZero();
        assertThat(route.get("statements").asLong()).isGreaterThanOrEqualTo(statements);
        assertThat(route.get("p95Millis").asDouble()).isPositive();
        assertThat(report.get("uptimeSeconds").asLong()).isNotNegative();
        assertThat(report.get("database").get("pool").get("total").asInt()).isPositive();
        assertThat(report.get("database").get("statementsTotal").asLong()).isGreaterThanOrEqualTo(statements);
        assertThat(report.get("database").get("topFingerprints")).isNotEmpty();
        assertThat(report.get("indexes").has("unused")).isTrue();
        assertThat(report.get("indexes").has("duplicates")).isTrue();
        assertThat(report.get("health").get("database").asString()).isEqualTo("UP");

        assertThat(api.post(operator, "/api/monitoring/performance?action=reset", null)
                        .status())
                .isEqualTo(200);
        JsonNode after = api.get(operator, "/api/monitoring/performance").json();
        assertThat(after.get("requests").findValuesAsString("route")).doesNotContain("GET /api/customers/{id}");
        assertThat(after.get("database").get("slowQueries")).isEmpty();
    }

    @Test
    void unknownActionsAndPrefixesAre400() {
        String operator = fixtures.operator();
        Api api = fixtures.api();
        assertThat(api.post(operator, "/api/monitoring/performance?action=explode", null)
                        .status())
                .isEqualTo(400);
        assertThat(api.post(operator, "/api/monitoring/performance", null).status())
                .isEqualTo(400);
        var badPrefix = api.post(operator, "/api/monitoring/performance?action=clear-cache&prefix=nope:", null);
        assertThat(badPrefix.status()).isEqualTo(400);
        assertThat(badPrefix.json().get("errors").get(0).get("field").asString())
                .isEqualTo("prefix");
    }

    @Test
    void duplicateIndexesAreReported() {
        var jdbc = fixtures.jdbc();
        String operator = fixtures.operator();
        jdbc.sql("CREATE INDEX probe_dup_short ON customers (org_id)").update();
        jdbc.sql("CREATE INDEX probe_dup_long ON customers (org_id, status)").update();
        try {
            JsonNode report =
                    fixtures.api().get(operator, "/api/monitoring/performance").json();
            assertThat(report.get("indexes").get("duplicates").toString())
                    .contains("probe_dup_short")
                    .contains("probe_dup_long");
        } finally {
            jdbc.sql("DROP INDEX probe_dup_short").update();
            jdbc.sql("DROP INDEX probe_dup_long").update();
        }
    }

    private static JsonNode route(JsonNode report, String name) {
        for (JsonNode r : report.get("requests")) {
            if (name.equals(r.get("route").asString())) {
                return r;
            }
        }
        throw new AssertionError("no route " + name + " in " + report.get("requests"));
    }
}
