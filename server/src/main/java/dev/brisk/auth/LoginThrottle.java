package dev.brisk.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.brisk.platform.TooManyRequestsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per email in a sliding window; past the limit the email gets 429 until the
 * oldest failure leaves the window. Kept per node: an attacker spread over N nodes gets N times
 * the budget, which still bounds guessing to a handful of tries per window.
 */
@Component
class LoginThrottle {

    private final int maxFailures;
    private final Duration window;
    private final Cache<String, Deque<Instant>> failures;

    LoginThrottle(AuthProperties properties) {
        this.maxFailures = properties.maxFailedLogins();
        this.window = properties.failureWindow();
        this.failures = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(window).build();
    }

    void check(String email) {
        Deque<Instant> recent = failures.getIfPresent(email);
        if (recent == null) {
            return;
        }
        synchronized (recent) {
            Instant now = Instant.now();
            while (!recent.isEmpty() && recent.peekFirst().plus(window).isBefore(now)) {
                recent.pollFirst();
            }
            if (recent.size() >= maxFailures) {
                long wait = Math.max(1, Duration.between(now, recent.peekFirst().plus(window)).toSeconds());
                throw new TooManyRequestsException("Too many failed logins; try again later", wait);
            }
        }
    }

    void failed(String email) {
        Deque<Instant> recent = failures.get(email, k -> new ArrayDeque<>());
        synchronized (recent) {
            recent.addLast(Instant.now());
            while (recent.size() > maxFailures) {
                recent.pollFirst();
            }
        }
    }

    void succeeded(String email) {
        failures.invalidate(email);
    }
}
