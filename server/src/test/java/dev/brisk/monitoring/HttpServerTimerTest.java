package dev.brisk.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.HandlerMapping;

/** The tags Spring's request observation gives {@code http.server.requests}, produced without it. */
class HttpServerTimerTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final HttpServerTimer timer = new HttpServerTimer(registry);

    @Test
    void aRoutedRequestIsNamedByItsPattern() {
        timer.record(request("GET", "/api/customers/{id}"), 200, null, 1_000_000);
        timer.record(request("GET", "/api/customers/{id}"), 200, null, 3_000_000);

        Timer recorded = only();
        assertThat(recorded.count()).isEqualTo(2); // one timer per series, found again
        assertThat(recorded.getId().getTags())
                .containsExactlyInAnyOrder(
                        Tag.of("error", "none"),
                        Tag.of("exception", "none"),
                        Tag.of("method", "GET"),
                        Tag.of("outcome", "SUCCESS"),
                        Tag.of("status", "200"),
                        Tag.of("uri", "/api/customers/{id}"));
    }

    @Test
    void withoutAPatternTheStatusNamesTheRequest() {
        assertThat(HttpServerTimer.uri(null, 404)).isEqualTo("NOT_FOUND");
        assertThat(HttpServerTimer.uri(null, 302)).isEqualTo("REDIRECTION");
        assertThat(HttpServerTimer.uri(null, 401)).isEqualTo("UNKNOWN");
        assertThat(HttpServerTimer.uri("", 200)).isEqualTo("root");
        assertThat(List.of(101, 204, 304, 429, 503, 99).stream()
                        .map(HttpServerTimer::outcome)
                        .toList())
                .containsExactly("INFORMATIONAL", "SUCCESS", "REDIRECTION", "CLIENT_ERROR", "SERVER_ERROR", "UNKNOWN");
    }

    @Test
    void anInventedMethodIsUnknown() {
        timer.record(request("BREW", null), 405, null, 1);
        assertThat(only().getId().getTag("method")).isEqualTo("UNKNOWN");
    }

    @Test
    void aThrownServletExceptionIsNamedByItsCause() {
        timer.record(request("POST", "/api/orders"), 500, new ServletException(new IllegalStateException("x")), 1);
        assertThat(only().getId().getTag("exception")).isEqualTo("IllegalStateException");
        assertThat(only().getId().getTag("error")).isEqualTo("IllegalStateException");
        assertThat(only().getId().getTag("outcome")).isEqualTo("SERVER_ERROR");
    }

    @Test
    void anExceptionHandedToTheErrorPageNamesTheRequest() {
        MockHttpServletRequest request = request("GET", "/api/orders");
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, new IOException("gone"));
        timer.record(request, 500, null, 1);
        assertThat(only().getId().getTag("exception")).isEqualTo("IOException");
    }

    @Test
    void offRecordsNothing() {
        HttpServerTimer.OFF.record(request("GET", "/x"), 200, null, 1);
        assertThat(HttpServerTimer.OFF.on()).isFalse();
        assertThat(registry.getMeters()).isEmpty();
    }

    private Timer only() {
        assertThat(registry.find(HttpServerTimer.NAME).timers()).hasSize(1);
        return registry.get(HttpServerTimer.NAME).timer();
    }

    private static MockHttpServletRequest request(String method, String pattern) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/somewhere");
        if (pattern != null) {
            request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
        }
        return request;
    }
}
