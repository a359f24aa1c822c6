package dev.brisk.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.Api;
import dev.brisk.support.Cleanup;
import dev.brisk.support.Fixtures;
import dev.brisk.support.Node;
import dev.brisk.support.Ports;
import dev.brisk.support.RedisProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator files against a running Brisk (with a Redis of its own): every metric the alert rules and the
 * Grafana dashboard query exists on its {@code /actuator/prometheus}; then a real Prometheus (own port, own
 * config and data in a temp dir, 1 s scrape and evaluation) scrapes it with a bearer credential, loads
 * ops/prometheus/brisk-rules.yml, and sees {@code BriskCacheDegraded} fire once Brisk's redis-server is killed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpsIntegrationTest {

    /** Made by Prometheus itself, not Brisk. */
    static final Set<String> PROMETHEUS_OWN = Set.of("up", "ALERTS", "ALERTS_FOR_STATE");

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static RedisProcess redis;
    static Node node;
    static Api api;
    static Fixtures.Org org;
    static String operator;

    @BeforeAll
    static void start() {
        redis = RedisProcess.started();
        node = Node.start(Map.of(
                "brisk.cache.redis.host", "127.0.0.1",
                "brisk.cache.redis.port", Integer.toString(redis.port()),
                "brisk.cache.breaker.wait-in-open-state", "500ms",
                "brisk.dashboard.auto-refresh", "false"));
        api = node.api();
        org = node.fixtures().org();
        operator = node.fixtures().operator(); // metrics and health details are the platform operator's
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "UP"
                        .equals(api.get(operator, "/actuator/health")
                                .json()
                                .path("components")
                                .path("cache")
                                .path("status")
                                .asString()));
        // traffic, so that the per-request series exist (http_server_requests_seconds_*, cache reads)
        for (String path :
                new String[] {"/api/customers", "/api/orders", "/api/dashboard", "/api/customers", "/api/auth/me"}) {
            assertThat(api.get(org.admin(), path).status()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(node, redis);
    }

    /** Every sample name on a scrape of /actuator/prometheus. */
    static Set<String> exported() {
        Api.Response scrape = api.send(operator, "GET", "/actuator/prometheus", null, null);
        assertThat(scrape.status()).isEqualTo(200);
        return scrape.body()
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    @Order(1)
    void everyMetricTheAlertRulesReadExists() throws IOException {
        Set<String> used = new TreeSet<>();
        OpsFiles.ruleExpressions().forEach(e -> used.addAll(PromQl.metricNames(e)));
        used.removeAll(PROMETHEUS_OWN);
        assertThat(used)
                .contains(
                        "brisk_cache_redis_up",
                        "brisk_dashboard_pending_seconds",
                        "hikaricp_connections_pending",
                        "http_server_requests_seconds_bucket",
                        "brisk_readiness");
        assertThat(exported()).containsAll(used);
    }

    @Test
    @Order(2)
    void everyMetricTheGrafanaDashboardQueriesExists() throws IOException {
        Set<String> used = new TreeSet<>();
        OpsFiles.dashboardExpressions().forEach(e -> used.addAll(PromQl.metricNames(e)));
        used.removeAll(PROMETHEUS_OWN);
        assertThat(used)
                .hasSizeGreaterThan(15)
                .contains(
                        "brisk_cache_gets_total",
                        "brisk_db_statements_total",
                        "brisk_dashboard_age_seconds",
                        "hikaricp_connections_active",
                        "brisk_cache_breaker_state");
        assertThat(exported()).containsAll(used);
    }

    @Test
    @Order(3)
    void prometheusSeesCacheDegradedFireWhenRedisDies(@TempDir Path dir) throws Exception {
        OpsRulesTest.requirePrometheus();
        Files.copy(OpsFiles.RULES, dir.resolve("brisk-rules.yml"));
        // what README "Operating Brisk" shows: the credential in a file, sent as Authorization: Bearer
        Files.writeString(dir.resolve("brisk.token"), scrapeToken());
        Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 2s
                  scrape_timeout: 2s
                  evaluation_interval: 1s
                rule_files:
                  - brisk-rules.yml
                scrape_configs:
                  - job_name: brisk
                    metrics_path: /actuator/prometheus
                    authorization:
                      type: Bearer
                      credentials_file: brisk.token
                    static_configs:
                      - targets: ["127.0.0.1:%d"]
                """.formatted(api.port()));
        int port = Ports.free();
        Process prometheus = new ProcessBuilder(
                        "/usr/bin/prometheus",
                        "--config.file=" + dir.resolve("prometheus.yml"),
                        "--storage.tsdb.path=" + dir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        String base = "http://127.0.0.1:" + port;
        try {
            await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> get(base + "/-/ready").statusCode() == 200);
            // scraped, with the credential, and Redis seen up
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> query(base, "brisk_cache_redis_up").equals("1"));
            assertThat(query(base, "up{job=\"brisk\"}")).isEqualTo("1");
            assertThat(alertState(base, "BriskCacheDegraded")).isEqualTo("inactive");

            redis.close(); // kill Brisk's redis-server

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> query(base, "brisk_cache_redis_up").equals("0"));
            assertThat(await().atMost(Duration.ofSeconds(20))
                            .until(() -> alertState(base, "BriskCacheDegraded"), s -> !s.equals("inactive")))
                    .isEqualTo("pending");
            // for: 30s, then firing
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> alertState(base, "BriskCacheDegraded"), "firing"::equals);
            assertThat(api.get(org.admin(), "/api/customers").status())
                    .as("Brisk keeps serving")
                    .isEqualTo(200);
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
            System.out.println(
                    Files.exists(dir.resolve("prometheus.log")) ? Files.readString(dir.resolve("prometheus.log")) : "");
            FileSystemUtils.deleteRecursively(dir.resolve("data"));
        }
    }

    /** The credential Prometheus scrapes with: /actuator/prometheus is for the platform operator only (#11). */
    static String scrapeToken() {
        return operator;
    }

    /** The single value of an instant query, or "" when it has none. */
    static String query(String base, String promql) throws Exception {
        JsonNode result = JSON.readTree(
                        get(base + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
                                .body())
                .path("data")
                .path("result");
        return result.size() == 1 ? result.get(0).path("value").get(1).asString() : "";
    }

    /** inactive, pending or firing, from /api/v1/alerts. */
    static String alertState(String base, String alert) throws Exception {
        for (JsonNode a :
                JSON.readTree(get(base + "/api/v1/alerts").body()).path("data").path("alerts")) {
            if (alert.equals(a.path("labels").path("alertname").asString())) {
                return a.path("state").asString();
            }
        }
        return "inactive";
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
