package dev.brisk.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Where a database outage becomes an answer. Failures that say the database is unreachable (see
 * {@link DatabaseFailure}) travel up to here from anywhere (authentication, handlers, the write
 * transaction) and are answered {@code 503} problem+json with {@code Retry-After}: nothing was
 * committed, so the request is safe to retry. (A read whose connection died was already run once more
 * by {@link ReadRetryDispatcherServlet}.)
 * A failure while committing is {@link CommitOutcomeUnknownException}: 500 with its own type, since
 * the write may have been stored. Nothing here is logged per request: {@link DatabaseOutage} logs the
 * outage once.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class DatabaseFaultFilter extends RequestFilter {

    static final URI UNAVAILABLE = URI.create("https://brisk.dev/problems/database-unavailable");
    static final URI COMMIT_UNKNOWN = URI.create("https://brisk.dev/problems/commit-outcome-unknown");

    private final DatabaseOutage outage;
    private final ProblemWriter problems;

    DatabaseFaultFilter(DatabaseOutage outage, ProblemWriter problems) {
        this.outage = outage;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            DatabaseFailure kind = DatabaseFailure.of(e);
            Throwable failure = e;
            if (isCommitUnknown(failure)) {
                outage.failed(DatabaseFailure.CONNECTION_LOST, failure);
                answer(
                        response,
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        COMMIT_UNKNOWN,
                        "Outcome unknown",
                        "The database connection failed while the change was being committed: it may or may not have"
                                + " been stored. Retrying with the same Idempotency-Key is safe; without one, check first.");
                return;
            }
            if (!kind.isFailure()) {
                throw e;
            }
            outage.failed(kind, failure);
            response.setHeader(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, outage.retryAfter().toSeconds())));
            answer(
                    response,
                    HttpStatus.SERVICE_UNAVAILABLE,
                    UNAVAILABLE,
                    "Database unavailable",
                    "The database is unreachable; nothing was changed. Retry later.");
        }
    }

    private static boolean isCommitUnknown(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CommitOutcomeUnknownException) {
                return true;
            }
        }
        return false;
    }

    private void answer(HttpServletResponse response, HttpStatus status, URI type, String title, String detail)
            throws IOException {
        if (response.isCommitted()) {
            return; // part of an answer is out already; the client sees a cut-off response
        }
        String retryAfter = response.getHeader(HttpHeaders.RETRY_AFTER);
        response.reset(); // headers a failed handler set (Location, ETag) must not reach the client
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfter);
        }
        ProblemDetail problem = ProblemHandler.problem(status, detail, List.of());
        problem.setType(type);
        problem.setTitle(title);
        problems.write(response, problem);
    }
}
