package dev.brisk.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.Api;
import dev.brisk.support.BriskProcess;
import dev.brisk.support.Cleanup;
import dev.brisk.support.Fixtures;
import dev.brisk.support.OtlpReceiver;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code logging.structured.format.console=ecs}: every console line is one Elastic Common Schema JSON
 * object, and the lines logged while serving a request carry its request id ({@code X-Request-Id}) and,
 * with tracing on, its trace and span ids as fields ({@code requestId}, {@code traceId}, {@code spanId}: the MDC).
 * Brisk runs in a JVM of its own: this one's logging is already configured by the other tests' contexts.
 */
class StructuredLoggingIntegrationTest {

    static OtlpReceiver otlp;
    static BriskProcess node;

    @BeforeAll
    static void start() throws Exception {
        otlp = OtlpReceiver.start();
        node = BriskProcess.start(
                Map.of(
                        "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.baseUrl(),
                        "logging.structured.format.console", "ecs",
                        "spring.main.banner-mode", "off",
                        "brisk.dashboard.auto-refresh", "false"),
                Files.createTempFile("brisk-ecs", ".log"));
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(node, otlp);
    }

    @Test
    void aRequestsLogLinesAreEcsJsonWithItsRequestAndTraceIds() {
        Fixtures fixtures = node.fixtures();
        Fixtures.Org org = fixtures.org();
        Api.Response response =
                node.api().send(org.admin(), "GET", "/api/test/n-plus-one", null, null, "X-Request-Id", "ecs-probe-42");
        assertThat(response.status()).isEqualTo(200);
        String traceId = response.header("traceparent").split("-")[1];

        await().atMost(Duration.ofSeconds(10))
                .until(() -> node.lines().stream()
                                .filter(l -> l.contains("ecs-probe-42"))
                                .count()
                        >= 2);
        JsonMapper json = JsonMapper.builder().build();
        // the log lines, start-up's included, are JSON objects (the process's output also has the JVM's warnings)
        List<JsonNode> all = node.lines().stream()
                .filter(l -> l.startsWith("{"))
                .map(json::readTree)
                .toList();
        assertThat(node.lines())
                .filteredOn(l -> l.contains("Started BriskApplication"))
                .singleElement()
                .satisfies(l -> assertThat(l).startsWith("{\""));
        assertThat(all)
                .hasSizeGreaterThan(5)
                .allSatisfy(
                        line -> assertThat(line.path("@timestamp").asString()).isNotEmpty());
        List<JsonNode> lines = all.stream()
                .filter(l -> "ecs-probe-42".equals(l.path("requestId").asString()))
                .toList();
        // the budget and N+1 warnings of that request
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2).allSatisfy(line -> {
            assertThat(line.path("ecs").path("version").asString()).isNotEmpty();
            assertThat(line.path("log").path("level").asString()).isEqualTo("WARN");
            assertThat(line.path("requestId").asString()).isEqualTo("ecs-probe-42");
            assertThat(line.path("traceId").asString()).isEqualTo(traceId);
            assertThat(line.path("spanId").asString()).matches("[0-9a-f]{16}");
        });
        assertThat(lines)
                .anyMatch(l -> l.path("message").asString().startsWith("N+1 suspect on GET /api/test/n-plus-one"));
    }
}
