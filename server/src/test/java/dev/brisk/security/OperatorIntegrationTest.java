package dev.brisk.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * #11 item 2: the platform operator owns monitoring and cache actions; an organization's ADMIN
 * does not, and the operator reads no tenant's data.
 */
@BriskIntegrationTest
class OperatorIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Test
    void anOrgAdminsClearCacheIs403AndLeavesAnotherOrgsCacheWarm() {
        Api api = fixtures.api();
        var mine = fixtures.org();
        var theirs = fixtures.org();
        long id = fixtures.create(theirs.admin(), "/api/customers", Map.of("name", "Warm Ltd"));
        api.get(theirs.admin(), "/api/customers/" + id);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> api.get(theirs.admin(), "/api/customers/" + id).statements() == 0);

        for (String prefix : new String[] {"", "&prefix=api:", "&prefix=auth:"}) {
            var refused = api.post(mine.admin(), "/api/monitoring/performance?action=clear-cache" + prefix, null);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(api.post(mine.admin(), "/api/monitoring/performance?action=reset", null)
                        .status())
                .isEqualTo(403);
        assertThat(api.get(theirs.admin(), "/api/customers/" + id).statements())
                .as("still served from the cache")
                .isZero();

        // the operator's clear-cache does empty it
        String operator = fixtures.operator();
        assertThat(api.post(operator, "/api/monitoring/performance?action=clear-cache", null)
                        .status())
                .isEqualTo(200);
        assertThat(api.get(theirs.admin(), "/api/customers/" + id).statements()).isPositive();
    }

    @Test
    void theOperatorReadsNoTenantData() {
        Api api = fixtures.api();
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "Private"));
        String operator = fixtures.operator();
        for (String path : new String[] {
            "/api/customers",
            "/api/customers/" + id,
            "/api/orders",
            "/api/invoices",
            "/api/products",
            "/api/dashboard",
            "/api/users"
        }) {
            assertThat(api.get(operator, path).status()).as(path).isEqualTo(403);
        }
        assertThat(api.post(operator, "/api/customers", "{\"name\":\"x\"}").status())
                .isEqualTo(403);
        var me = api.get(operator, "/api/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("role").asString()).isEqualTo("OPERATOR");
        assertThat(api.get(operator, "/api/monitoring/performance").status()).isEqualTo(200);
    }

    @Test
    void theDatabaseKeepsOperatorsInThePlatformOrganization() {
        var org = fixtures.org();
        // no ADMIN can make anyone an operator through the API...
        var promote = fixtures.api().patch(org.admin(), "/api/users/" + org.memberId(), "{\"role\":\"OPERATOR\"}");
        assertThat(promote.status()).isEqualTo(400);
        // ...nor can anyone in the database: an OPERATOR in a tenant org, or a tenant role in the platform org
        assertThatThrownBy(() -> fixtures.jdbc()
                        .sql("UPDATE users SET role = 'OPERATOR' WHERE id = :id")
                        .param("id", org.memberId())
                        .update())
                .hasMessageContaining("platform organization");
        fixtures.operatorEmail();
        long platform = fixtures.jdbc()
                .sql("SELECT id FROM organizations WHERE platform")
                .query(Long.class)
                .single();
        assertThatThrownBy(() -> fixtures.user(platform, "admin-" + org.slug() + "@platform.test", "ADMIN"))
                .hasMessageContaining("platform organization");
    }

    @Test
    void actuatorDetailsAndMetricsNeedAnOperatorButProbesStayOpen() {
        Api api = fixtures.api();
        var org = fixtures.org();
        assertThat(api.get(null, "/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(api.get(null, "/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(api.get(null, "/actuator/prometheus").status()).isEqualTo(401);
        assertThat(api.get(org.admin(), "/actuator/prometheus").status()).isEqualTo(403);
        assertThat(api.get(fixtures.operator(), "/actuator/prometheus").status())
                .isEqualTo(200);
    }
}
