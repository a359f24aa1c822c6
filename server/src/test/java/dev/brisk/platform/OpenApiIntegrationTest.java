package dev.brisk.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@BriskIntegrationTest
class OpenApiIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Test
    void describesTheApiAndServesItsUi() {
        var docs = fixtures.api().get(null, "/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        var paths = docs.json().get("paths");
        assertThat(paths.has("/api/customers")).isTrue();
        assertThat(paths.has("/api/auth/login")).isTrue();
        assertThat(paths.get("/api/customers").get("get").toString()).contains("cursor", "limit", "status");
        assertThat(fixtures.api().get(null, "/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void healthStatusIsPublicItsDetailsAreTheOperators() {
        var health = fixtures.api().get(null, "/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().has("components"))
                .as("components (Redis host, pool) need an operator")
                .isFalse();
        var org = fixtures.org();
        assertThat(fixtures.api().get(org.admin(), "/actuator/health").json().has("components"))
                .isFalse();
        var details = fixtures.api().get(fixtures.operator(), "/actuator/health");
        assertThat(details.json().get("components").has("db")).isTrue();
    }
}
