package dev.brisk.platform;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings shared by every feature.
 *
 * @param cursorSecret key for signing list cursors; set the same value on every node
 * @param maxRequestSize request bodies above this are refused with 413
 */
@ConfigurationProperties("brisk.api")
public record PlatformProperties(
        @DefaultValue("brisk-cursor-key-change-me") String cursorSecret,
        @DefaultValue("1MB") DataSize maxRequestSize) {

    public byte[] cursorKey() {
        return cursorSecret.getBytes(StandardCharsets.UTF_8);
    }
}
