package dev.brisk.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@BriskIntegrationTest
class PrometheusIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Test
    void exportsBriskMetersAndProbes() {
        var org = fixtures.org();
        fixtures.api().get(org.admin(), "/api/customers");
        // the meters name every route and cache of every tenant: a platform operator's business
        assertThat(fixtures.api().get(null, "/actuator/prometheus").status()).isEqualTo(401);
        assertThat(fixtures.api().get(org.admin(), "/actuator/prometheus").status())
                .isEqualTo(403);
        var scrape = fixtures.api().get(fixtures.operator(), "/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body())
                .contains(
                        "brisk_db_statements_total",
                        "brisk_db_n_plus_one_total",
                        "brisk_db_budget_exceeded_total",
                        "http_server_requests_seconds_count",
                        "hikaricp_connections");
        assertThat(fixtures.api()
                        .get(null, "/actuator/health/liveness")
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("UP");
        assertThat(fixtures.api()
                        .get(null, "/actuator/health/readiness")
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("UP");
    }
}
