package dev.brisk.platform;

/**
 * Published each time the change listener starts listening (first and after a reconnect, after
 * the {@link DatabaseChange#gap()}): {@code brisk_change_seq} stood at {@code sequenceValue}
 * just after {@code LISTEN}, so every change numbered at or below it either committed before the
 * node listened (caches have started a new epoch since) or will be heard as it commits.
 */
public record ListeningFrom(long sequenceValue) {}
