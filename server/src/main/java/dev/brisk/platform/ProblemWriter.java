package dev.brisk.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem+json from places outside Spring MVC (servlet filters, security handlers). */
@Component
public class ProblemWriter {

    private final JsonMapper json;

    ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletResponse response, HttpStatus status, String detail) throws IOException {
        write(response, new ApiException(status, detail));
    }

    public void write(HttpServletResponse response, ApiException e) throws IOException {
        if (e instanceof TooManyRequestsException tooMany) {
            response.setHeader("Retry-After", Long.toString(tooMany.retryAfterSeconds()));
        }
        write(response, ProblemHandler.problem(e.status(), e.getMessage(), e.errors()));
    }

    public void write(HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
