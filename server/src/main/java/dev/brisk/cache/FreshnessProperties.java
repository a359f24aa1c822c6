package dev.brisk.cache;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param readYourWritesWait how long a read waits for this node to hear the caller's own last
 *                           change ({@link ReadYourWrites}, {@link WriteFence}) before it bypasses
 *                           the response cache instead; notifications usually take 1–5 ms
 */
@ConfigurationProperties("brisk.cache.freshness")
record FreshnessProperties(@DefaultValue("50ms") Duration readYourWritesWait) {}
