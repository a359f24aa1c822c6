package dev.brisk.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tokenTtl how long a login token stays valid
 * @param maxFailedLogins failed logins for one email from one client address within {@code failureWindow} before 429
 * @param maxFailuresPerAddress failed logins from one client address, any emails, within {@code failureWindow} before 429
 * @param failureWindow how long failed attempts are counted
 * @param lockout how long the first lockout lasts; each further one within a day doubles it
 * @param maxLockout the longest lockout
 */
@ConfigurationProperties("brisk.auth")
record AuthProperties(
        @DefaultValue("12h") Duration tokenTtl,
        @DefaultValue("5") int maxFailedLogins,
        @DefaultValue("50") int maxFailuresPerAddress,
        @DefaultValue("15m") Duration failureWindow,
        @DefaultValue("1m") Duration lockout,
        @DefaultValue("1h") Duration maxLockout) {}
