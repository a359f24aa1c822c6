package dev.brisk.platform;

import org.springframework.http.HttpStatus;

class PayloadTooLargeException extends ApiException {

    PayloadTooLargeException(long limit) {
        super(HttpStatus.CONTENT_TOO_LARGE, "The request body is larger than " + limit + " bytes");
    }
}
