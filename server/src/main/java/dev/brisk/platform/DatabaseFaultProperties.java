package dev.brisk.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How Brisk behaves while PostgreSQL is unreachable.
 *
 * @param retryAfter    the {@code Retry-After} of a 503 answered because the database is unreachable
 * @param probeInterval how often the database is probed (readiness, and noticing that it is back)
 */
@ConfigurationProperties("brisk.database")
public record DatabaseFaultProperties(
        @DefaultValue("2s") Duration retryAfter,
        @DefaultValue("1s") Duration probeInterval) {}
