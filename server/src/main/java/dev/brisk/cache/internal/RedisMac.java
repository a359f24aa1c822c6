package dev.brisk.cache.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HMAC-SHA256 on everything Brisk writes to Redis: entries of every namespace, generations and
 * epochs, and pub/sub messages. The tag covers the key (or channel) too, so a valid value copied
 * under another key (another org's, another token's) fails as surely as an edited one. Stored form:
 * {@code 'm' | tag (32 bytes) | value}. A value that fails is treated as absent, counted
 * ({@code brisk.cache.redis.rejected}) and logged once (then at debug): Redis may be wrong, never trusted.
 */
public final class RedisMac {

    private static final Logger log = LoggerFactory.getLogger(RedisMac.class);
    private static final byte VERSION = 'm';
    private static final int TAG = 32;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;
    private final Counter rejected;
    private final AtomicBoolean logged = new AtomicBoolean();

    public RedisMac(byte[] key, MeterRegistry registry) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("the Redis MAC key needs at least 16 bytes");
        }
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
        this.rejected = Counter.builder("brisk.cache.redis.rejected")
                .description("Values read from Redis whose MAC did not verify; treated as misses")
                .register(registry);
    }

    byte[] seal(String key, byte[] value) {
        byte[] sealed = new byte[1 + TAG + value.length];
        sealed[0] = VERSION;
        System.arraycopy(tag(key, value, 0, value.length), 0, sealed, 1, TAG);
        System.arraycopy(value, 0, sealed, 1 + TAG, value.length);
        return sealed;
    }

    /** The value, or null when {@code stored} was not sealed by this key for this key name. */
    byte[] open(String key, byte[] stored) {
        if (stored == null) {
            return null;
        }
        if (stored.length >= 1 + TAG && stored[0] == VERSION) {
            byte[] expected = tag(key, stored, 1 + TAG, stored.length - 1 - TAG);
            if (MessageDigest.isEqual(expected, Arrays.copyOfRange(stored, 1, 1 + TAG))) {
                return Arrays.copyOfRange(stored, 1 + TAG, stored.length);
            }
        }
        rejected.increment();
        if (logged.compareAndSet(false, true)) {
            log.warn("A value read from Redis failed its MAC check and was ignored (first of its kind; counted in "
                    + "brisk_cache_redis_rejected_total). Another writer, another cluster key, or tampering.");
        } else {
            log.debug("Redis value failed its MAC check");
        }
        return null;
    }

    long rejected() {
        return (long) rejected.count();
    }

    private byte[] tag(String key, byte[] data, int offset, int length) {
        Mac mac = macs.get();
        mac.update(key.getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        mac.update(data, offset, length);
        return mac.doFinal();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
