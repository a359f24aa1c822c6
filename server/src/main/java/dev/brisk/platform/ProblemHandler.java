package dev.brisk.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;

/**
 * Turns every failure into RFC 9457 problem+json. Validation problems carry {@code errors}: the
 * fields at fault and why. Nothing from an exception's message that could leak SQL, class names
 * or stack frames reaches the client; unexpected exceptions are logged and answered with a bare 500.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<Object> api(ApiException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.status());
        if (e instanceof TooManyRequestsException tooMany) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(tooMany.retryAfterSeconds()));
        }
        return response.body(problem(e.status(), e.getMessage(), e.errors()));
    }

    @ExceptionHandler(DuplicateKeyException.class)
    ResponseEntity<Object> duplicate(DuplicateKeyException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(
                        HttpStatus.CONFLICT, "A live record with the same unique value already exists", List.of()));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<Object> integrity(DataIntegrityViolationException e) {
        // Inputs are validated before they reach SQL; a constraint firing means a concurrent change.
        log.info(
                "Constraint violation answered with 409: {}",
                e.getMostSpecificCause().getClass().getSimpleName());
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(problem(
                        HttpStatus.CONFLICT, "The change conflicts with the current state of the data", List.of()));
    }

    /** Tomcat could not decode the query string or form body (bad percent-encoding, too many parameters). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> invalidParameters(InvalidParameterException e) {
        HttpStatus status = e.getErrorCode() == 413 ? HttpStatus.CONTENT_TOO_LARGE : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status)
                .body(problem(status, "The query string or form parameters could not be decoded", List.of()));
    }

    /** An unreachable database is not this handler's to answer: DatabaseFaultFilter retries reads and answers 503. */
    @ExceptionHandler({
        org.springframework.dao.DataAccessException.class,
        org.springframework.transaction.TransactionException.class
    })
    ResponseEntity<Object> dataAccess(RuntimeException e) {
        if (DatabaseFailure.of(e).isFailure()) {
            throw e;
        }
        return unexpected(e);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("Unhandled exception", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(problem(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", List.of()));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        ex.getBindingResult()
                .getFieldErrors()
                .forEach(f -> errors.add(new ApiException.FieldError(f.getField(), f.getDefaultMessage())));
        ex.getBindingResult()
                .getGlobalErrors()
                .forEach(g -> errors.add(new ApiException.FieldError(g.getObjectName(), g.getDefaultMessage())));
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults()
                .forEach(r -> r.getResolvableErrors()
                        .forEach(err -> errors.add(new ApiException.FieldError(
                                r.getMethodParameter().getParameterName(), err.getDefaultMessage()))));
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Invalid request", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (causeOf(ex, PayloadTooLargeException.class) != null) {
            return api(causeOf(ex, PayloadTooLargeException.class));
        }
        JacksonException json = causeOf(ex, JacksonException.class);
        String field = json == null ? null : path(json);
        // A number too big for its field is a bad value, not bad JSON: name the field then.
        boolean syntax = json instanceof StreamReadException && !(json instanceof InputCoercionException);
        if (json == null || syntax || field == null || field.isEmpty()) {
            String detail =
                    json == null && ex.getMessage() != null && ex.getMessage().startsWith("Required request body")
                            ? "A JSON request body is required"
                            : "The request body is not valid JSON";
            return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, detail, List.of()));
        }
        return ResponseEntity.badRequest()
                .body(problem(
                        HttpStatus.BAD_REQUEST,
                        "Invalid request",
                        List.of(new ApiException.FieldError(field, "has the wrong type or format"))));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            org.springframework.beans.TypeMismatchException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException m ? m.getName() : ex.getPropertyName();
        return ResponseEntity.badRequest()
                .body(problem(
                        HttpStatus.BAD_REQUEST,
                        "Invalid request",
                        List.of(new ApiException.FieldError(name, "has the wrong type or format"))));
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(
            @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        // Spring's own problem bodies (405, 415, 404 ...) pass through; only strip framework detail text.
        if (body instanceof ProblemDetail detail && statusCode.is5xxServerError()) {
            detail.setDetail("Internal error");
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    static ProblemDetail problem(HttpStatusCode status, String detail, List<ApiException.FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (!errors.isEmpty()) {
            problem.setProperty(
                    "errors",
                    errors.stream()
                            .map(e -> Map.of(
                                    "field", e.field(), "message", e.message() == null ? "is invalid" : e.message()))
                            .toList());
        }
        return problem;
    }

    /** JSON path of the offending value: {@code items[0].quantity}. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static <T extends Throwable> T causeOf(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
