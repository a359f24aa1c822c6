package dev.brisk.monitoring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The {@code http.server.requests} timer while tracing is off, recorded by {@link RequestMonitorFilter}
 * from the request's own clock with the series Spring's observation would make (the same name, the tags
 * {@code error}, {@code exception}, {@code method}, {@code outcome}, {@code status} and {@code uri}, the same
 * values, and the SLO buckets of {@code management.metrics.distribution.slo}, which apply to any timer of
 * that name). The observation built those tags, looked the timer up and ran its handlers on every request:
 * 12 % of a cached hit's samples ({@code docs/performance.md}, issue 14, eighth round). Here each tag set's
 * timer is found once and kept.
 *
 * <p>With tracing on, the observation makes the request's span and records this timer itself, so this is
 * {@link #OFF} and records nothing.
 */
final class HttpServerTimer {

    static final HttpServerTimer OFF = new HttpServerTimer(null);
    static final String NAME = "http.server.requests";
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");
    private static final String UNKNOWN = "UNKNOWN";
    private static final String NONE = "none";

    /** One series: the tags that vary. Each value comes from a bounded set (route patterns, methods, statuses, classes). */
    private record Series(String method, String uri, int status, String exception) {}

    private final MeterRegistry registry;
    private final Map<Series, Timer> timers = new ConcurrentHashMap<>();

    HttpServerTimer(MeterRegistry registry) {
        this.registry = registry;
    }

    boolean on() {
        return registry != null;
    }

    /**
     * Records a finished request. {@code thrown} is what escaped the filter chain (the response then counts
     * as a 500, as Spring's observation filter sets it), else null.
     */
    void record(HttpServletRequest request, int status, Throwable thrown, long nanos) {
        if (registry == null) {
            return;
        }
        Throwable error = thrown != null ? unwrap(thrown) : handedToErrorPage(request);
        Series series = new Series(
                METHODS.contains(request.getMethod()) ? request.getMethod() : UNKNOWN,
                uri(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE), status),
                status,
                error == null ? NONE : exceptionName(error));
        Timer timer = timers.get(series);
        if (timer == null) {
            timer = timers.computeIfAbsent(series, s -> register(s, error));
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer register(Series series, Throwable error) {
        return Timer.builder(NAME)
                .tag("error", error == null ? NONE : error.getClass().getSimpleName())
                .tag("exception", series.exception())
                .tag("method", series.method())
                .tag("outcome", outcome(series.status()))
                .tag("status", Integer.toString(series.status()))
                .tag("uri", series.uri())
                .register(registry);
    }

    /** The matched route's pattern; without one, the status's kind (what the observation's convention names). */
    static String uri(Object pattern, int status) {
        if (pattern != null) {
            String text = pattern.toString();
            return text.isEmpty() ? "root" : text;
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        return status == 404 ? "NOT_FOUND" : UNKNOWN;
    }

    static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> UNKNOWN;
        };
    }

    private static String exceptionName(Throwable error) {
        String simple = error.getClass().getSimpleName();
        return simple.isEmpty() ? error.getClass().getName() : simple;
    }

    private static Throwable handedToErrorPage(HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t ? t : null;
    }

    private static Throwable unwrap(Throwable thrown) {
        return thrown instanceof ServletException && thrown.getCause() != null ? thrown.getCause() : thrown;
    }
}
