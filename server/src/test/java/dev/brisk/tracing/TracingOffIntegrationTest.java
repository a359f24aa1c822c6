package dev.brisk.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.monitoring.Spans;
import dev.brisk.platform.StatementListener;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler;
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
}
