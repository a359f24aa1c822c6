package dev.brisk.platform;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * An expected failure that maps to a problem+json response. {@code errors} names the fields at
 * fault (JSON paths for bodies, parameter names for query strings).
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldError> errors;

    public ApiException(HttpStatus status, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public ApiException(HttpStatus status, String detail) {
        this(status, detail, List.of());
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, what + " not found");
    }

    public static ApiException badField(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "Invalid request", List.of(new FieldError(field, message)));
    }

    public static ApiException unprocessable(String field, String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, message, List.of(new FieldError(field, message)));
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail);
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public record FieldError(String field, String message) {}
}
