package dev.brisk.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsTheMetricsOfAnExpressionAndNothingElse() {
        assertThat(PromQl.metricNames("""
                histogram_quantile(0.99, sum by (le, method, uri) (rate(http_server_requests_seconds_bucket{job="$job",uri!~"/a.*|b"}[$__rate_interval])))
                / on (job) group_left sum(rate(brisk_db_statements_total[5m])) > 0.25
                and brisk:cache_hit_ratio:rate5m offset 1d or up{job="brisk"} == 0 unless hikaricp_connections_max
                """))
                .containsExactly(
                        "brisk_db_statements_total",
                        "hikaricp_connections_max",
                        "http_server_requests_seconds_bucket",
                        "up");
    }
}
