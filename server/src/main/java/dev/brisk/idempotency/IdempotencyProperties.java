package dev.brisk.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code Idempotency-Key} on writes.
 *
 * @param ttl            how long a key's first answer is replayed; older keys are ignored and purged
 * @param maxStoredBody  answers larger than this are replayed without their body (status and Location only)
 * @param purgeInterval  how often expired keys are deleted
 */
@ConfigurationProperties("brisk.idempotency")
record IdempotencyProperties(
        @DefaultValue("24h") Duration ttl,
        @DefaultValue("256KB") DataSize maxStoredBody,
        @DefaultValue("10m") Duration purgeInterval) {}
