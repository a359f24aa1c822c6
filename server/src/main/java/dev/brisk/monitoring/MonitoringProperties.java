package dev.brisk.monitoring;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param nPlusOneThreshold a fingerprint run this many times in one request is an N+1 suspect
 * @param slowQueryThreshold statements at least this slow go to the slow-query log
 * @param slowQueryLogSize how many slow statements are kept (oldest dropped first)
 * @param maxFingerprints distinct fingerprints tracked; later ones are folded into "other"
 * @param maxStreams live monitoring streams open at once on this node
 * @param maxStreamsPerUser live monitoring streams one operator may hold open
 * @param streamTimeout a stream ends after this (the page opens a new one)
 */
@ConfigurationProperties("brisk.monitoring")
record MonitoringProperties(
        @DefaultValue("5") int nPlusOneThreshold,
        @DefaultValue("100ms") Duration slowQueryThreshold,
        @DefaultValue("200") int slowQueryLogSize,
        @DefaultValue("2000") int maxFingerprints,
        @DefaultValue("20") int maxStreams,
        @DefaultValue("3") int maxStreamsPerUser,
        @DefaultValue("10m") Duration streamTimeout) {}
