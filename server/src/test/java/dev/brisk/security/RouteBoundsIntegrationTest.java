package dev.brisk.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.monitoring.RouteMonitor;
import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * #11 item 1: a client inventing URLs (without a login, with a bad token, as a member on the
 * operator's paths, on paths that do not exist) must not grow the request monitor: route entries
 * are named by matched patterns only, everything else lands in fixed buckets.
 */
@BriskIntegrationTest
class RouteBoundsIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    RouteMonitor routes;

    @Test
    void thousandsOfDistinctJunkUrlsLeaveTheRouteCountBounded() {
        Api api = fixtures.api();
        var org = fixtures.org();
        String operator = fixtures.operator();
        api.get(org.member(), "/api/customers"); // one real route, so the report has something named
        int before = routes.size();
        String badToken = "brisk_" + "A".repeat(43);
        int sent = 0;
        for (int i = 0; i < 1_000; i++) {
            assertThat(api.get(null, "/api/customers/junk-" + i).status()).isEqualTo(401);
            assertThat(api.get(badToken, "/api/orders/" + i + "/x" + i).status())
                    .isEqualTo(401);
            assertThat(api.get(org.member(), "/api/monitoring/probe-" + i).status())
                    .isEqualTo(403);
            assertThat(api.get(null, "/no-such-page-" + i).status()).isEqualTo(404);
            assertThat(api.send(null, "BREW" + (i % 50), "/teapot/" + i, null, null)
                            .status())
                    .isGreaterThanOrEqualTo(400);
            sent += 5;
        }
        // at most the fixed buckets (and a few real routes) were added, whatever was sent
        assertThat(routes.size() - before)
                .as("route entries added by %d junk requests", sent)
                .isLessThanOrEqualTo(4);

        JsonNode report = api.get(operator, "/api/monitoring/performance").json();
        List<String> names = report.get("requests").findValuesAsString("route");
        assertThat(names)
                .noneMatch(n -> n.contains("junk")
                        || n.contains("probe-")
                        || n.contains("no-such-page")
                        || n.contains("teapot")
                        || n.contains("BREW"));
        assertThat(names).contains("(unauthenticated)", "(forbidden)", "(unmatched)");
        long unauthenticated = count(report, "(unauthenticated)");
        assertThat(unauthenticated).isGreaterThanOrEqualTo(2_000);
        assertThat(count(report, "(forbidden)")).isGreaterThanOrEqualTo(1_000);
    }

    private static long count(JsonNode report, String route) {
        for (JsonNode r : report.get("requests")) {
            if (route.equals(r.get("route").asString())) {
                return r.get("count").asLong();
            }
        }
        throw new AssertionError("no " + route + " in " + report.get("requests"));
    }
}
