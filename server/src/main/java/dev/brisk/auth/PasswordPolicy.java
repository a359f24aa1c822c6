package dev.brisk.auth;

import dev.brisk.platform.ApiException;
import java.nio.charset.StandardCharsets;

/**
 * What a password must be: at least {@link #MIN_LENGTH} characters (the demo password has 10) and at most 72 bytes of UTF-8,
 * because bcrypt reads no further (Spring Security refuses longer input instead of silently
 * ignoring the rest). Either failure is a 400 naming the field.
 */
final class PasswordPolicy {

    static final int MAX_BYTES = 72;
    static final int MIN_LENGTH = 10;

    private PasswordPolicy() {}

    static void checkNew(String field, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw ApiException.badField(field, "must be at least " + MIN_LENGTH + " characters");
        }
        checkLength(field, password);
    }

    /** For a password to verify: too long can never match, and must not reach bcrypt. */
    static void checkLength(String field, String password) {
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw ApiException.badField(field, "must be at most " + MAX_BYTES + " bytes (UTF-8)");
        }
    }
}
