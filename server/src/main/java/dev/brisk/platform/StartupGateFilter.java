package dev.brisk.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The API answers only when the node is ready: before (the web server is up while the demo seed and
 * the dashboard refresh after it still run, and a valid demo login would be a wrong 401) and from the
 * start of a shutdown, {@code /api/**} is 503 with {@code Retry-After}, never a wrong answer.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
class StartupGateFilter extends RequestFilter {

    private final ApplicationAvailability availability;
    private final ProblemWriter problems;

    StartupGateFilter(ApplicationAvailability availability, ProblemWriter problems) {
        this.availability = availability;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            problems.write(
                    response, HttpStatus.SERVICE_UNAVAILABLE, "This node is not ready to serve (starting or stopping)");
            return;
        }
        chain.doFilter(request, response);
    }
}
