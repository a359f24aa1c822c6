package dev.brisk.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings shared by every feature.
 *
 * @param cursorSecret key for signing list cursors; empty (the default) = derived from the cluster
 *                     secret in the database, which every node of that database shares
 * @param maxRequestSize request bodies above this are refused with 413
 */
@ConfigurationProperties("brisk.api")
public record PlatformProperties(
        @DefaultValue("") String cursorSecret,
        @DefaultValue("1MB") DataSize maxRequestSize) {}
