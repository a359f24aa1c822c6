package dev.brisk.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param minInterval debounce: a refresh for changes starts once no change has arrived for this
 *                    long and the previous refresh ended at least this long ago
 * @param maxDelay a change waits at most this long for its refresh, however busy the writes; also
 *                 the pause before retrying a failed refresh
 * @param interval a refresh also runs this long after the previous one, changes or not (a missed
 *                 notification is healed); one also runs as soon as the UTC date changes ("last 30
 *                 days" moves with the clock)
 * @param refreshTimeout statement timeout of one refresh; a slower one fails and keeps the old data
 * @param autoRefresh false: only explicit calls refresh (no timer, no debounced refresh)
 */
@ConfigurationProperties("brisk.dashboard")
record DashboardProperties(
        @DefaultValue("250ms") Duration minInterval,
        @DefaultValue("1s") Duration maxDelay,
        @DefaultValue("5m") Duration interval,
        @DefaultValue("2m") Duration refreshTimeout,
        @DefaultValue("true") boolean autoRefresh) {}
