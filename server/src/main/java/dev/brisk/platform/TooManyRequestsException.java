package dev.brisk.platform;

import org.springframework.http.HttpStatus;

/** 429 with a {@code Retry-After} header. */
public class TooManyRequestsException extends ApiException {

    private final long retryAfterSeconds;

    public TooManyRequestsException(String detail, long retryAfterSeconds) {
        super(HttpStatus.TOO_MANY_REQUESTS, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
