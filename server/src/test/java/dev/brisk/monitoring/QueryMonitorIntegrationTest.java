package dev.brisk.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@BriskIntegrationTest
class QueryMonitorIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    QueryMonitor queries;

    @Autowired
    RouteMonitor routes;

    @Test
    void everyApiResponseCarriesServerTimingWithTheStatementCount() {
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "Timed"));
        var response = fixtures.api().get(org.admin(), "/api/customers/" + id);
        assertThat(response.header("Server-Timing"))
                .matches("db;dur=\\d+\\.\\d{3}, db-statements;desc=\"\\d+\".*total;dur=\\d+\\.\\d{3}");
        assertThat(response.statements()).isPositive();
        assertThat(response.header("X-Request-Id")).isNotBlank();
        // errors written outside MVC carry it too
        assertThat(fixtures.api().get("garbage", "/api/customers").header("Server-Timing"))
                .contains("db-statements");
        assertThat(fixtures.api().get(org.admin(), "/api/customers/abc").header("Server-Timing"))
                .contains("db-statements");
    }

    @Test
    void repeatedStatementsInOneRequestAreAnNPlusOneSuspectAndBreakTheBudget() {
        var org = fixtures.org();
        long before = queries.nPlusOneSuspects();
        var response = fixtures.api().get(org.admin(), "/api/test/n-plus-one");
        assertThat(response.status()).isEqualTo(200);
        assertThat(queries.nPlusOneSuspects()).isEqualTo(before + 1);
        assertThat(queries.nPlusOneWarnings()).anySatisfy(w -> {
            assertThat(w.endpoint()).isEqualTo("GET /api/test/n-plus-one");
            assertThat(w.count()).isEqualTo(6);
            assertThat(w.fingerprint()).isEqualTo("SELECT ?::int");
        });
        assertThat(routes.budgetViolations()).anySatisfy(v -> {
            assertThat(v.route()).isEqualTo("GET /api/test/n-plus-one");
            assertThat(v.budget()).isEqualTo(3);
            assertThat(v.statements()).isGreaterThanOrEqualTo(6);
        });
    }

    @Test
    void slowStatementsAreLoggedWithoutTheirParameters() {
        fixtures.jdbc()
                .sql("SELECT pg_sleep(0.15), :secret::text")
                .param("secret", "s3cr3t-value")
                .query()
                .listOfRows();
        assertThat(queries.slowQueries()).anySatisfy(q -> {
            assertThat(q.sql()).isEqualTo("SELECT pg_sleep(?), ?::text");
            assertThat(q.millis()).isGreaterThanOrEqualTo(150);
        });
        assertThat(queries.slowQueries()).noneMatch(q -> q.sql().contains("s3cr3t"));
        assertThat(queries.topFingerprints(50)).anySatisfy(f -> {
            assertThat(f.fingerprint()).isEqualTo("SELECT pg_sleep(?), ?::text");
            assertThat(f.p99Millis()).isGreaterThanOrEqualTo(100);
        });
    }
}
