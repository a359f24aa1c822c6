package dev.brisk.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import dev.brisk.support.Node;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@BriskIntegrationTest
class BaselineModeIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Test
    void servesTheSameApiWithoutAPool() throws Exception {
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "Baseline"));
        try (Node baseline = Node.start(Map.of("brisk.mode", "baseline"))) {
            assertThat(baseline.bean(DataSource.class).isWrapperFor(HikariDataSource.class))
                    .isFalse();
            var response = baseline.api().get(org.admin(), "/api/customers/" + id);
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().get("name").asString()).isEqualTo("Baseline");
            assertThat(response.statements()).isGreaterThanOrEqualTo(2);
            var page = baseline.api().get(org.admin(), "/api/customers?limit=1");
            assertThat(page.json().get("items")).hasSize(1);
        }
    }
}
