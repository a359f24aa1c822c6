package dev.brisk.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.monitoring.Spans;
import dev.brisk.platform.StatementListener;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/**
 * Without an OTLP endpoint (the default) tracing is not there at all: the no-op tracer, no tracing handler
 * on the observation registry, no OpenTelemetry SDK, no span listener on the JDBC proxy, Brisk's spans off,
 * and no {@code traceparent} on responses. So the request path carries no tracing decorator.
 */
@BriskIntegrationTest
class TracingOffIntegrationTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    Fixtures fixtures;

    @Autowired
    MeterRegistry registry;

    @Test
    void nothingOfTracingIsWiredWhenNoEndpointIsSet() {
        assertThat(context.getBean(Spans.class)).isSameAs(Spans.OFF);
        assertThat(context.getBean(Tracer.class)).isSameAs(Tracer.NOOP);
        assertThat(context.getBeansOfType(TracingObservationHandler.class)).isEmpty();
        assertThat(context.getBeanNamesForType(io.opentelemetry.api.OpenTelemetry.class))
                .isEmpty();
        assertThat(context.getBeansOfType(StatementListener.class).values())
                .noneMatch(l -> l.getClass().getSimpleName().equals("SqlSpans"));
        assertThat(context.getEnvironment().getProperty("brisk.tracing.enabled"))
                .isEqualTo("false");

        Fixtures.Org org = fixtures.org();
        var response = fixtures.api().get(org.member(), "/api/customers");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("traceparent")).isNull();
        assertThat(response.header("Server-Timing")).contains("db-statements");
        assertThat(response.header("X-Request-Id")).isNotBlank();
    }

    /**
     * Off, Spring's request observation is switched off and Brisk's timer records http.server.requests:
     * each request once (a second recorder would double the counts), with the tags the observation gave it,
     * on the MVC path and on an early cache hit alike.
     */
    @Test
    void eachRequestIsTimedOnceWithTheObservationsTags() {
        Fixtures.Org org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "Timed", "status", "ACTIVE"));
        double found = count("/api/customers/{id}", 200);
        double missing = count("/api/customers/{id}", 404);
        double anonymous = count("UNKNOWN", 401);

        for (int i = 0; i < 3; i++) { // a miss through Spring MVC, then hits answered before it
            assertThat(fixtures.api().get(org.member(), "/api/customers/" + id).status())
                    .isEqualTo(200);
        }
        assertThat(fixtures.api()
                        .get(org.member(), "/api/customers/" + (id + 1_000_000))
                        .status())
                .isEqualTo(404);
        assertThat(fixtures.api().get(null, "/api/customers").status()).isEqualTo(401);

        // a request is timed after its response is written: wait for the counts, then see they stay
        await().atMost(Duration.ofSeconds(10)).during(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(count("/api/customers/{id}", 200) - found).isEqualTo(3);
            assertThat(count("/api/customers/{id}", 404) - missing).isEqualTo(1);
            assertThat(count("UNKNOWN", 401) - anonymous).isEqualTo(1);
        });
    }

    private double count(String uri, int status) {
        Timer timer = registry.find("http.server.requests")
                .tags(
                        "method",
                        "GET",
                        "uri",
                        uri,
                        "status",
                        Integer.toString(status),
                        "outcome",
                        status == 200 ? "SUCCESS" : "CLIENT_ERROR",
                        "exception",
                        "none",
                        "error",
                        "none")
                .timer();
        return timer == null ? 0 : timer.count();
    }
}
