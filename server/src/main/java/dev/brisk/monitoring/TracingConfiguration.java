package dev.brisk.monitoring;

import dev.brisk.platform.RequestFilter;
import dev.brisk.platform.WebRegistrations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * What tracing adds when it is on ({@code brisk.tracing.enabled}, set by {@code platform.TracingSwitch} from
 * the OTLP endpoint settings): Brisk's {@link Spans}, a span per SQL statement and the {@code traceparent}
 * response header. The request span itself is Spring's {@code http.server.requests} observation, which then
 * also records the request timer. Off, {@link Spans#OFF} stands in for the spans, that observation is
 * switched off and {@link HttpServerTimer} records the same timer more cheaply.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    private static final String ON = "brisk.tracing.enabled";

    @Bean
    @ConditionalOnProperty(name = ON, havingValue = "true")
    Spans spans(ObservationRegistry registry) {
        return new Spans(registry);
    }

    @Bean
    @ConditionalOnProperty(name = ON, havingValue = "false", matchIfMissing = true)
    Spans noSpans() {
        return Spans.OFF;
    }

    @Bean
    @ConditionalOnProperty(name = ON, havingValue = "true")
    HttpServerTimer observedRequestTimer() {
        return HttpServerTimer.OFF;
    }

    @Bean
    @ConditionalOnProperty(name = ON, havingValue = "false", matchIfMissing = true)
    HttpServerTimer httpServerTimer(MeterRegistry registry) {
        return new HttpServerTimer(registry);
    }

    /** Without tracing the request observation would only make the timer, which {@link HttpServerTimer} records. */
    @Bean
    @ConditionalOnProperty(name = ON, havingValue = "false", matchIfMissing = true)
    static ObservationPredicate noRequestObservation() {
        return (name, context) -> !HttpServerTimer.NAME.equals(name);
    }

    /** Brisk's spans are not meters too (the observation handler for metrics would make a timer of each). */
    @Bean
    @ConditionalOnProperty(name = ON, havingValue = "true")
    MeterFilter noMetersForSpans() {
        return MeterFilter.denyNameStartsWith(Spans.PREFIX);
    }

    @Bean
    @ConditionalOnProperty(name = ON, havingValue = "true")
    SqlSpans sqlSpans(Spans spans) {
        return new SqlSpans(spans);
    }

    /** Inside Spring's observation filter (order +1), so the request's span is current. */
    @Bean
    @ConditionalOnProperty(name = ON, havingValue = "true")
    FilterRegistrationBean<TraceparentFilter> traceparentFilter(ObjectProvider<Tracer> tracer) {
        return WebRegistrations.filter(
                new TraceparentFilter(tracer.getIfAvailable(() -> Tracer.NOOP)), Ordered.HIGHEST_PRECEDENCE + 3);
    }

    /** W3C {@code traceparent} of the request's span on the response, so a client can find its trace. */
    static final class TraceparentFilter extends RequestFilter {
        private final Tracer tracer;

        TraceparentFilter(Tracer tracer) {
            this.tracer = tracer;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Span span = tracer.currentSpan();
            if (span != null) {
                TraceContext context = span.context();
                response.setHeader(
                        "traceparent",
                        "00-" + context.traceId() + "-" + context.spanId()
                                + (Boolean.TRUE.equals(context.sampled()) ? "-01" : "-00"));
            }
            chain.doFilter(request, response);
        }
    }
}
