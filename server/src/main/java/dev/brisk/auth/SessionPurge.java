package dev.brisk.auth;

import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes expired and revoked sessions in the background, in batches, once they are a day old (so
 * a revocation stays visible for a while when someone looks into the table). Every node runs it;
 * deleting the same dead rows twice is harmless. It announces no change: live sessions' cached
 * entries stay where they are.
 */
@Component
class SessionPurge {

    private static final Logger log = LoggerFactory.getLogger(SessionPurge.class);
    private static final int BATCH = 5_000;

    private final SessionRepository sessions;
    private final java.time.Duration keep;

    SessionPurge(SessionRepository sessions, @Value("${brisk.auth.purge-after:1d}") java.time.Duration keep) {
        this.sessions = sessions;
        this.keep = keep;
    }

    @Scheduled(
            initialDelayString = "${brisk.auth.purge-interval:1h}",
            fixedDelayString = "${brisk.auth.purge-interval:1h}")
    void purge() {
        try {
            purgeNow();
        } catch (RuntimeException e) {
            log.warn("Session purge failed, retried at the next interval: {}", e.toString());
        }
    }

    /** Deletes every dead session older than the keep period; returns how many. */
    int purgeNow() {
        Instant before = Instant.now().minus(keep);
        int total = 0;
        int deleted;
        do {
            deleted = sessions.purgeDead(before, BATCH);
            total += deleted;
        } while (deleted == BATCH);
        if (total > 0) {
            log.info("Purged {} expired or revoked sessions", total);
        }
        return total;
    }
}
