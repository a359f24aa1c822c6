package dev.brisk.platform;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyset position {@code (created_at, id)} in a descending list. On the wire it is opaque:
 * base64url of the position plus a truncated HMAC over it and the resource name, so a cursor
 * that was edited, or taken from another list, is rejected instead of silently repositioning.
 */
public record Cursor(Instant createdAt, long id) {

    private static final int MAC_BYTES = 12;
    private static final int LENGTH = 8 + 8 + MAC_BYTES;

    public static Cursor of(Instant createdAt, long id) {
        // PostgreSQL keeps microseconds; truncate so the position round-trips exactly.
        return new Cursor(createdAt.truncatedTo(ChronoUnit.MICROS), id);
    }

    public String encode(String resource, byte[] key) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, createdAt);
        ByteBuffer buf = ByteBuffer.allocate(LENGTH).putLong(micros).putLong(id);
        buf.put(mac(resource, key, buf.array(), 16), 0, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** Decodes a cursor from a request; anything but a cursor this server issued for the resource is a 400. */
    public static Cursor decode(String text, String resource, byte[] key) {
        if (text.length() > 64) {
            throw invalid();
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (raw.length != LENGTH) {
            throw invalid();
        }
        byte[] expected = mac(resource, key, raw, 16);
        if (!MessageDigest.isEqual(
                java.util.Arrays.copyOf(expected, MAC_BYTES), java.util.Arrays.copyOfRange(raw, 16, LENGTH))) {
            throw invalid();
        }
        ByteBuffer buf = ByteBuffer.wrap(raw);
        long micros = buf.getLong();
        long id = buf.getLong();
        return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
    }

    private static byte[] mac(String resource, byte[] key, byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(resource.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ApiException invalid() {
        return ApiException.badField("cursor", "is not a cursor issued by this list");
    }
}
