package dev.brisk.auth;

import dev.brisk.cache.SharedCounters;
import dev.brisk.cache.TieredCache;
import dev.brisk.platform.TooManyRequestsException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Failed logins counted per (email, client address) and per client address, in Redis when it
 * answers (so every node sees the same counts) and in this process otherwise (bounded).
 *
 * <p>{@code maxFailedLogins} failures for one email from one address, or {@code maxFailuresPerAddress}
 * from one address over any emails, within {@code failureWindow}, lock that pair (or address) out
 * for {@code lockout}, doubling with each further lockout within a day up to {@code maxLockout}.
 * The owner of an email logging in from another address is not affected; a password sprayer is
 * bounded per address. The client address is the socket peer (forwarded headers only count when
 * {@code server.forward-headers-strategy} says so). Keys are hashes: no email or address in Redis.
 */
@Component
class LoginThrottle {

    private static final Duration STRIKE_MEMORY = Duration.ofDays(1);

    private final AuthProperties properties;
    private final SharedCounters counters;

    LoginThrottle(AuthProperties properties, TieredCache cache) {
        this.properties = properties;
        this.counters = new SharedCounters(cache, 100_000);
    }

    void check(String email, String address) {
        refuseIfLocked(pairKey(email, address), properties.maxFailedLogins());
        refuseIfLocked(addressKey(address), properties.maxFailuresPerAddress());
    }

    void failed(String email, String address) {
        count(pairKey(email, address), properties.maxFailedLogins());
        count(addressKey(address), properties.maxFailuresPerAddress());
    }

    /** A success clears the pair only: one good account must not reset an address's count. */
    void succeeded(String email, String address) {
        counters.delete(pairKey(email, address));
    }

    private void refuseIfLocked(String key, int max) {
        SharedCounters.Count count = counters.get(key);
        if (count.value() >= max) {
            throw new TooManyRequestsException(
                    "Too many failed logins; try again later", Math.max(1, (count.ttlMillis() + 999) / 1000));
        }
    }

    private void count(String key, int max) {
        SharedCounters.Count count = counters.increment(key, properties.failureWindow());
        if (count.value() == max) {
            long strikes = counters.increment(key + ":strikes", STRIKE_MEMORY).value();
            counters.expire(key, lockout(strikes));
        }
    }

    /** lockout × 2^(strikes - 1), at most maxLockout. */
    Duration lockout(long strikes) {
        Duration lock = properties.lockout();
        for (long i = 1; i < strikes && lock.compareTo(properties.maxLockout()) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(properties.maxLockout()) > 0 ? properties.maxLockout() : lock;
    }

    private static String pairKey(String email, String address) {
        return "brisk:login:pair:" + hash(email + '\n' + address);
    }

    private static String addressKey(String address) {
        return "brisk:login:addr:" + hash(address);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(digest)
                    .substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
