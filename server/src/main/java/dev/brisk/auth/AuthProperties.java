package dev.brisk.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tokenTtl how long a login token stays valid
 * @param maxFailedLogins failed logins for one email within {@code failureWindow} before 429
 * @param failureWindow how long failed attempts are remembered (and the 429 lasts)
 */
@ConfigurationProperties("brisk.auth")
record AuthProperties(
        @DefaultValue("12h") Duration tokenTtl,
        @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("15m") Duration failureWindow) {}
