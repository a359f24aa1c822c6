package dev.brisk.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.dashboard.DashboardRefresher;
import dev.brisk.support.Api;
import dev.brisk.support.Cleanup;
import dev.brisk.support.Fixtures;
import dev.brisk.support.Node;
import dev.brisk.support.OtlpReceiver;
import dev.brisk.support.OtlpReceiver.ReceivedSpan;
import dev.brisk.support.RedisProcess;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A Brisk node with {@code OTEL_EXPORTER_OTLP_ENDPOINT} pointing at an in-process OTLP/HTTP receiver and a
 * Redis of its own: the spans of a request arrive nested request → cache read → Redis read → Redis command,
 * and cache read → SQL statement; statements carry their fingerprint, never a value; the response names its
 * trace in {@code traceparent} and keeps {@code Server-Timing}; the request's log lines carry its trace id;
 * a dashboard refresh is a trace of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
class TracingIntegrationTest {

    static final String SECRET_NAME = "Zed Secretvalue4711";
    static final String SECRET_EMAIL = "zed.hidden4711@example.com";

    static OtlpReceiver otlp;
    static RedisProcess redis;
    static Node node;
    static Fixtures fixtures;
    static Api api;

    @BeforeAll
    static void start() {
        otlp = OtlpReceiver.start();
        redis = RedisProcess.started();
        node = Node.start(Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.baseUrl(),
                "management.opentelemetry.tracing.export.schedule-delay", "100ms",
                "brisk.cache.redis.host", "127.0.0.1",
                "brisk.cache.redis.port", Integer.toString(redis.port()),
                "brisk.dashboard.auto-refresh", "false"));
        fixtures = node.fixtures();
        api = node.api();
        // Redis connects in the background: wait until the cache uses it, so reads go through the Redis tier
        String operator = fixtures.operator(); // health details are the platform operator's
        await().atMost(Duration.ofSeconds(20))
                .until(() -> "UP"
                        .equals(api.get(operator, "/actuator/health")
                                .json()
                                .path("components")
                                .path("cache")
                                .path("status")
                                .asString()));
    }

    @AfterAll
    static void stop() {
        Cleanup.closeAll(node, redis, otlp);
    }

    record Traceparent(String traceId, String spanId) {
        static Traceparent of(Api.Response response) {
            String header = response.header("traceparent");
            assertThat(header).as("traceparent of " + response).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
            String[] parts = header.split("-");
            return new Traceparent(parts[1], parts[2]);
        }
    }

    @Test
    void aRequestsSpansNestUnderItAndCarryNoValues(CapturedOutput output) {
        Fixtures.Org org = fixtures.org();
        long id = fixtures.create(
                org.admin(), "/api/customers", Map.of("name", SECRET_NAME, "email", SECRET_EMAIL, "status", "ACTIVE"));

        // read as the member: the admin's own reads bypass the response cache for a moment after its write
        Api.Response first = api.get(org.member(), "/api/customers/" + id);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Server-Timing")).contains("db;dur=").contains("cache;desc=");
        Traceparent tp = Traceparent.of(first);
        Api.Response search = api.get(org.member(), "/api/customers?q=Secretvalue4711");
        assertThat(search.body()).contains(SECRET_NAME);
        Traceparent searchTp = Traceparent.of(search);
        assertThat(searchTp.traceId()).isNotEqualTo(tp.traceId());

        List<ReceivedSpan> trace = awaitTrace(
                tp.traceId(), spans -> spans.stream().anyMatch(s -> s.name().startsWith("SQL")));
        String tree = tree(trace);
        ReceivedSpan request = only(trace, s -> s.spanId().equals(tp.spanId()), tree);
        assertThat(request.isRoot()).as(tree).isTrue();
        assertThat(request.kind()).isEqualTo("SPAN_KIND_SERVER");
        assertThat(request.service()).isEqualTo("brisk");

        // the response cache's read of this request, inside the request, a miss
        ReceivedSpan apiRead = only(
                trace,
                s -> s.name().equals("cache.get") && "api".equals(s.attributes().get("cache.namespace")),
                tree);
        assertThat(isUnder(trace, apiRead, request)).as(tree).isTrue();
        assertThat(apiRead.attributes()).containsEntry("cache.tier", "miss").containsEntry("cache.outcome", "miss");
        // its Redis tier read, and under that Lettuce's GET
        ReceivedSpan redisRead = only(
                trace, s -> s.name().equals("cache.redis") && s.parentSpanId().equals(apiRead.spanId()), tree);
        assertThat(redisRead.attributes())
                .containsEntry("cache.outcome", "miss")
                .containsEntry("cache.tier", "redis");
        assertThat(trace)
                .as(tree)
                .anyMatch(s -> s.parentSpanId().equals(redisRead.spanId())
                        && s.name().equals("get")
                        && s.kind().equals("SPAN_KIND_CLIENT")
                        && "redis".equals(s.attributes().get("db.system")));
        // the controller's statement (the response cache stores its answer afterwards), with its fingerprint
        List<ReceivedSpan> statements =
                trace.stream().filter(s -> s.name().startsWith("SQL ")).toList();
        assertThat(statements)
                .as(tree)
                .isNotEmpty()
                .anyMatch(s -> s.name().equals("SQL SELECT")
                        && isUnder(trace, s, request)
                        && s.attributes().get("db.query.text").startsWith("SELECT t.id, t.name")
                        && s.attributes().get("db.query.text").contains("t.id = ?"));

        // a cache read with a loader (the dashboard): the loader's statement is the read's child
        Api.Response dashboard = api.get(org.member(), "/api/dashboard");
        assertThat(dashboard.status()).isEqualTo(200);
        Traceparent dashboardTp = Traceparent.of(dashboard);
        List<ReceivedSpan> dashboardTrace = awaitTrace(
                dashboardTp.traceId(),
                spans -> spans.stream().anyMatch(s -> s.name().startsWith("SQL")));
        String dashboardTree = tree(dashboardTrace);
        ReceivedSpan dashboardRead = only(
                dashboardTrace,
                s -> s.name().equals("cache.get")
                        && "dashboard".equals(s.attributes().get("cache.namespace")),
                dashboardTree);
        assertThat(dashboardRead.attributes()).as(dashboardTree).containsEntry("cache.outcome", "miss");
        assertThat(dashboardTrace)
                .as(dashboardTree)
                .anyMatch(s -> s.name().equals("SQL SELECT")
                        && s.parentSpanId().equals(dashboardRead.spanId())
                        && s.attributes().get("db.query.text").contains("get_dashboard_summary(?)"));

        // the second request hits the cache... and the search binds the secret as a parameter: neither any
        // span of either trace, nor any span at all, holds a value
        List<ReceivedSpan> searchTrace = awaitTrace(
                searchTp.traceId(),
                spans -> spans.stream().anyMatch(s -> s.name().startsWith("SQL")));
        assertThat(searchTrace)
                .anyMatch(s -> s.name().startsWith("SQL")
                        && s.attributes().get("db.query.text").contains("?"));
        assertThat(otlp.spans()).allSatisfy(s -> {
            String all = s.name() + s.attributes() + s.events();
            assertThat(all)
                    .doesNotContain("Secretvalue4711")
                    .doesNotContain("hidden4711")
                    .doesNotContain(org.admin())
                    .doesNotContain(org.member())
                    .doesNotContain(Fixtures.PASSWORD);
        });

        // a cached read: one cache span answered locally, no SQL. (The creation's change notification may
        // still arrive after the first read and retire its entry: then the next read misses once more.)
        List<ReceivedSpan> cached = List.of();
        for (int attempt = 0;
                attempt < 5 && cached.stream().noneMatch(TracingIntegrationTest::isApiLocalHit);
                attempt++) {
            Traceparent againTp = Traceparent.of(api.get(org.member(), "/api/customers/" + id));
            cached = awaitTrace(
                    againTp.traceId(),
                    spans -> spans.stream().anyMatch(s -> s.spanId().equals(againTp.spanId())));
        }
        assertThat(cached).as(tree(cached)).anyMatch(TracingIntegrationTest::isApiLocalHit);
        assertThat(cached).noneMatch(s -> s.name().startsWith("SQL"));
    }

    /** On, Spring's observation makes the request's span and records http.server.requests itself, once per request. */
    @Test
    void eachRequestIsTimedOnceByTheObservation() {
        Fixtures.Org org = fixtures.org();
        double before = listRequests();
        for (int i = 0; i < 3; i++) {
            assertThat(Traceparent.of(api.get(org.member(), "/api/customers")).traceId())
                    .isNotBlank();
        }
        // the observation stops after the response is written: wait for the count, then see it stays
        await().atMost(Duration.ofSeconds(10))
                .during(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(listRequests() - before).isEqualTo(3));
    }

    private static double listRequests() {
        Timer timer = node.bean(MeterRegistry.class)
                .find("http.server.requests")
                .tags("method", "GET", "uri", "/api/customers", "status", "200")
                .timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void theRequestsLogLinesCarryItsTraceId(CapturedOutput output) {
        Fixtures.Org org = fixtures.org();
        Api.Response response = api.get(org.admin(), "/api/test/n-plus-one");
        assertThat(response.status()).isEqualTo(200);
        Traceparent tp = Traceparent.of(response);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> output.getOut().contains("N+1 suspect on GET /api/test/n-plus-one"));
        List<String> lines = output.getOut()
                .lines()
                .filter(l -> l.contains("/api/test/n-plus-one"))
                .toList();
        String requestId = response.header("X-Request-Id");
        assertThat(lines)
                .as("log lines of the request")
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains("[" + requestId + " " + tp.traceId() + " "));
    }

    @Test
    void aDashboardRefreshIsATraceOfItsOwnWithItsStatements() {
        assertThat(node.bean(DashboardRefresher.class).refreshNow("manual"))
                .isEqualTo(DashboardRefresher.Outcome.REFRESHED);
        ReceivedSpan refresh = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> otlp.spans().stream()
                                .filter(s -> s.name().equals("dashboard.refresh"))
                                .findFirst()
                                .orElse(null),
                        s -> s != null);
        assertThat(refresh.isRoot()).isTrue();
        assertThat(refresh.attributes()).containsEntry("dashboard.reason", "manual");
        List<ReceivedSpan> trace = awaitTrace(
                refresh.traceId(),
                spans -> spans.stream().anyMatch(s -> s.name().startsWith("SQL")));
        assertThat(trace)
                .as(tree(trace))
                .anyMatch(s -> s.name().equals("SQL SELECT")
                        && s.parentSpanId().equals(refresh.spanId())
                        && s.attributes().get("db.query.text").contains("refresh_dashboard_summary"));
    }

    private static List<ReceivedSpan> awaitTrace(
            String traceId, java.util.function.Predicate<List<ReceivedSpan>> complete) {
        // the request span ends after its children; wait for it and for what the caller needs
        return await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> otlp.trace(traceId),
                        spans -> spans.stream().anyMatch(ReceivedSpan::isRoot) && complete.test(spans));
    }

    private static boolean isApiLocalHit(ReceivedSpan s) {
        return s.name().equals("cache.get")
                && "api".equals(s.attributes().get("cache.namespace"))
                && "local".equals(s.attributes().get("cache.tier"))
                && "hit".equals(s.attributes().get("cache.outcome"));
    }

    /** Whether {@code ancestor} is on the parent chain of {@code span}. */
    private static boolean isUnder(List<ReceivedSpan> trace, ReceivedSpan span, ReceivedSpan ancestor) {
        Map<String, ReceivedSpan> byId = trace.stream().collect(Collectors.toMap(ReceivedSpan::spanId, s -> s));
        for (ReceivedSpan s = byId.get(span.parentSpanId()); s != null; s = byId.get(s.parentSpanId())) {
            if (s.spanId().equals(ancestor.spanId())) {
                return true;
            }
        }
        return false;
    }

    private static ReceivedSpan only(
            List<ReceivedSpan> spans, java.util.function.Predicate<ReceivedSpan> which, String tree) {
        List<ReceivedSpan> found = spans.stream().filter(which).toList();
        assertThat(found).as(tree).hasSize(1);
        return found.getFirst();
    }

    /** The trace as an indented tree, for assertion messages. */
    static String tree(List<ReceivedSpan> spans) {
        Map<String, List<ReceivedSpan>> children =
                spans.stream().collect(Collectors.groupingBy(ReceivedSpan::parentSpanId));
        StringBuilder out = new StringBuilder("\n");
        spans.stream()
                .filter(s -> spans.stream().noneMatch(p -> p.spanId().equals(s.parentSpanId())))
                .forEach(root -> append(out, root, children, 0));
        return out.toString();
    }

    private static void append(
            StringBuilder out, ReceivedSpan span, Map<String, List<ReceivedSpan>> children, int depth) {
        out.append("  ".repeat(depth))
                .append(span.name())
                .append(' ')
                .append(span.kind())
                .append(' ')
                .append(span.attributes())
                .append('\n');
        for (ReceivedSpan child : children.getOrDefault(span.spanId(), List.of())) {
            append(out, child, children, depth + 1);
        }
    }
}
