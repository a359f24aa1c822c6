package dev.brisk.cache;

import dev.brisk.platform.DatabaseChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns committed database changes into generation bumps of the {@code api:} namespace, for the
 * table and the organizations named (or all of them); and, when this node may have missed
 * changes (its LISTEN connection dropped), drops its in-process tier and starts new epochs so
 * nothing cached before the gap is read again, here or by a node that reads the epoch from Redis
 * later.
 */
@Component
class ChangeInvalidator {

    private static final Logger log = LoggerFactory.getLogger(ChangeInvalidator.class);

    private final TieredCache cache;
    private final Generations generations;
    private final WriteFence fence;

    ChangeInvalidator(TieredCache cache, Generations generations, WriteFence fence) {
        this.cache = cache;
        this.generations = generations;
        this.fence = fence;
    }

    @EventListener
    void on(DatabaseChange change) {
        if (change.table() == null) {
            log.info("Possible missed database changes: clearing in-process caches and starting new cache epochs");
            cache.clearLocal();
            for (CacheNamespace namespace : CacheNamespace.values()) {
                generations.renewEpoch(namespace);
            }
            fence.heardEverything();
        } else if (change.all()) {
            generations.advanceAll(CacheNamespace.API, change.table(), change.seq());
            fence.heardEverything();
        } else {
            for (long org : change.orgs()) {
                generations.advance(CacheNamespace.API, org, change.table(), change.seq());
                fence.heard(org);
            }
        }
    }
}
