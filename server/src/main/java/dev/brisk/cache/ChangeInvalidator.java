package dev.brisk.cache;

import dev.brisk.platform.DatabaseChange;
import dev.brisk.platform.ListeningFrom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns committed database changes into generation bumps of the {@code api:} namespace: the
 * (org, table) generations lists depend on (and, unless the statement only inserted, those of the
 * table's existing rows, which responses that merely join the table depend on), and the versions
 * of the rows named (details), or the table's row floor when the statement touched too many rows
 * to name. When this node may have
 * missed changes (its LISTEN connection dropped), it drops its in-process tier and starts new
 * epochs so nothing cached before the gap is read again, here or by a node that reads the epoch
 * from Redis later. Every change number heard goes to the {@link ChangeClock} that read-your-writes
 * waits on, after the generations moved.
 */
@Component
class ChangeInvalidator {

    private static final Logger log = LoggerFactory.getLogger(ChangeInvalidator.class);

    private final TieredCache cache;
    private final Generations generations;
    private final ChangeClock clock;
    private final WriteFence fence;

    ChangeInvalidator(TieredCache cache, Generations generations, ChangeClock clock, WriteFence fence) {
        this.cache = cache;
        this.generations = generations;
        this.clock = clock;
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
            return;
        }
        if (change.all()) {
            generations.advanceAll(CacheNamespace.API, change.table(), change.seq());
        } else {
            for (long org : change.orgs()) {
                generations.advance(CacheNamespace.API, org, change.table(), change.seq());
                if (!change.inserted()) {
                    generations.advanceExisting(CacheNamespace.API, org, change.table(), change.seq());
                }
                if (change.wide()) {
                    generations.advanceRows(CacheNamespace.API, org, change.table(), change.seq());
                }
            }
        }
        for (long row : change.rows()) {
            generations.advanceRow(CacheNamespace.API, change.table(), row, change.seq());
        }
        clock.heard(change.seq());
        fence.prune();
    }

    /** Where the listener (re)started: numbers at or below it are committed or will be heard. */
    @EventListener
    void on(ListeningFrom listening) {
        clock.listeningFrom(listening.sequenceValue());
    }
}
