package dev.brisk.cache.internal;

import dev.brisk.cache.CacheEvent;
import dev.brisk.cache.RedisStatus;
import dev.brisk.cache.internal.CacheMetrics.Eviction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Redis tier reports, handled on the {@link CacheThread}: messages from other nodes,
 * a (re)subscription (announcements may have been missed, so nothing in-process is trusted) and
 * status changes (told to listeners; back UP, the pending invalidations are replayed).
 */
public final class RedisEvents implements RedisTier.Listener {

    private static final Logger log = LoggerFactory.getLogger(RedisEvents.class);

    private final CacheThread thread;
    private final String channel;
    private volatile RedisTier redis;
    private volatile ClusterBus bus;
    private volatile Invalidations invalidations;
    private volatile RedisStatus lastStatus;

    public RedisEvents(CacheThread thread, String channel) {
        this.thread = thread;
        this.channel = channel;
    }

    /** Completes the wiring (the tier is built with this listener, the rest with the tier); before {@link RedisTier#start()}. */
    public void attach(RedisTier redis, ClusterBus bus, Invalidations invalidations) {
        this.redis = redis;
        this.bus = bus;
        this.invalidations = invalidations;
    }

    /** After {@link RedisTier#start()}: the status changes are counted from here, and pending work is retried every second. */
    public void started() {
        lastStatus = redis.status();
        thread.everySecond(invalidations::replayPending);
    }

    @Override
    public void message(byte[] body) {
        thread.run(() -> invalidations.received(bus.decode(body)));
    }

    @Override
    public void subscribed() {
        thread.run(this::onSubscribed);
    }

    @Override
    public void statusChanged() {
        thread.run(this::checkStatus);
    }

    private void onSubscribed() {
        long dropped = invalidations.clearLocalAll(Eviction.REMOTE);
        log.info(
                "Cache subscribed to {}: in-process tier cleared ({} entries) in case evictions were missed",
                channel,
                dropped);
        checkStatus();
    }

    private void checkStatus() {
        RedisStatus now = redis.status();
        if (now != lastStatus) {
            lastStatus = now;
            bus.emit(new CacheEvent.RedisStatusChanged(now));
            if (now == RedisStatus.UP) {
                invalidations.replayPending();
            }
        }
    }
}
