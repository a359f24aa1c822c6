package dev.brisk.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the cache engine ({@code brisk.cache.*}).
 *
 * @param enabled   false turns every tier off: each read runs its loader (baseline measurements)
 * @param auth      the {@code auth} namespace
 * @param dashboard the {@code dashboard} namespace
 * @param api       the {@code api} namespace
 * @param redis     the shared tier; optional
 * @param breaker   the circuit breaker around every Redis command
 */
@ConfigurationProperties("brisk.cache")
public record CacheProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue Namespace auth,
        @DefaultValue Namespace dashboard,
        @DefaultValue Namespace api,
        @DefaultValue Redis redis,
        @DefaultValue Breaker breaker) {

    /*
     * The one place of the per-namespace defaults; application.properties only maps environment
     * variables onto these settings (an unset variable binds nothing, so these apply).
     */
    private static final Namespace AUTH_DEFAULTS =
            new Namespace(50_000L, Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(30), 0.10);
    private static final Namespace DASHBOARD_DEFAULTS =
            new Namespace(10_000L, Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(15), 0.10);
    private static final Namespace API_DEFAULTS =
            new Namespace(20_000L, Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(15), 0.10);

    public CacheProperties {
        auth = orEmpty(auth).or(AUTH_DEFAULTS);
        dashboard = orEmpty(dashboard).or(DASHBOARD_DEFAULTS);
        api = orEmpty(api).or(API_DEFAULTS);
    }

    private static Namespace orEmpty(Namespace ns) {
        return ns == null ? new Namespace(null, null, null, null, null) : ns;
    }

    public Namespace namespace(CacheNamespace namespace) {
        return switch (namespace) {
            case AUTH -> auth;
            case DASHBOARD -> dashboard;
            case API -> api;
        };
    }

    /**
     * Settings of one namespace; a setting left out takes the namespace's default (see above).
     *
     * @param localMaxEntries entries kept in this process (Caffeine), least useful evicted first
     * @param localTtl        how long an entry lives in this process
     * @param redisTtl        how long an entry lives in Redis (the seed's 5 minutes)
     * @param absentTtl       how long "the loader found nothing" is remembered, in both tiers; 0 = never
     * @param jitter          each TTL is drawn from {@code ttl × (1 ± jitter)} so entries made together expire apart
     */
    public record Namespace(
            Long localMaxEntries, Duration localTtl, Duration redisTtl, Duration absentTtl, Double jitter) {

        public Namespace {
            if (jitter != null && (jitter < 0 || jitter >= 1)) {
                throw new IllegalArgumentException("brisk.cache.*.jitter must be in [0, 1), was " + jitter);
            }
        }

        /** These settings, each one left out taken from {@code defaults}. */
        Namespace or(Namespace defaults) {
            return new Namespace(
                    localMaxEntries != null ? localMaxEntries : defaults.localMaxEntries,
                    localTtl != null ? localTtl : defaults.localTtl,
                    redisTtl != null ? redisTtl : defaults.redisTtl,
                    absentTtl != null ? absentTtl : defaults.absentTtl,
                    jitter != null ? jitter : defaults.jitter);
        }

        public long localTtlNanos() {
            return jittered(localTtl);
        }

        public long redisTtlNanos() {
            return jittered(redisTtl);
        }

        public long absentTtlNanos() {
            return jittered(absentTtl);
        }

        public boolean cachesAbsent() {
            return absentTtl.isPositive();
        }

        /** {@code ttl × (1 ± jitter)} in nanoseconds, uniformly drawn, at least 1 ms. */
        long jittered(Duration ttl) {
            long base = ttl.toNanos();
            if (jitter > 0) {
                double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * jitter;
                base = (long) (base * factor);
            }
            return Math.max(base, 1_000_000L);
        }
    }

    /**
     * The Redis tier.
     *
     * @param host               unset or blank: memory-only; {@code disabled}: memory-only, never connects
     * @param port               Redis port
     * @param password           password ({@code AUTH}), if any
     * @param database           database number
     * @param commandTimeout     a command not answered within this counts as failed and is given up
     * @param connectTimeout     TCP connect timeout
     * @param reconnectDelayMax  upper bound of the back-off between reconnect attempts while Redis is away
     * @param channel            pub/sub channel on which nodes tell each other what to evict
     * @param evictRepeatDelay   an eviction is repeated once after this delay, removing a value that a
     *                           concurrent load on another node may have written back just after it; 0 = off
     * @param sentinelMaster     with {@code sentinelNodes}: the master name Sentinel monitors (host/port unused)
     * @param sentinelNodes      Sentinel {@code host:port}s; the client asks them for the master on every (re)connect
     * @param clusterNodes       Redis Cluster seed {@code host:port}s (host/port/database unused)
     * @param topologyRefresh    Sentinel/Cluster: how often the cluster topology is re-read besides the adaptive
     *                           refreshes (MOVED, ASK, reconnects), so a failed-over master is left within this
     */
    public record Redis(
            String host,
            @DefaultValue("6379") int port,
            String password,
            @DefaultValue("0") int database,
            @DefaultValue("100ms") Duration commandTimeout,
            @DefaultValue("500ms") Duration connectTimeout,
            @DefaultValue("1s") Duration reconnectDelayMax,
            @DefaultValue("brisk:cache:events") String channel,
            @DefaultValue("1s") Duration evictRepeatDelay,
            String sentinelMaster,
            @DefaultValue List<String> sentinelNodes,
            @DefaultValue List<String> clusterNodes,
            @DefaultValue("5s") Duration topologyRefresh) {

        public Redis {
            sentinelNodes = nodes(sentinelNodes);
            clusterNodes = nodes(clusterNodes);
        }

        private static List<String> nodes(List<String> nodes) {
            return nodes == null
                    ? List.of()
                    : nodes.stream()
                            .map(String::strip)
                            .filter(n -> !n.isEmpty())
                            .toList();
        }

        /** True when Redis is configured (a host, Sentinel or Cluster) and the host is not {@code disabled}. */
        public boolean configured() {
            if (host != null && "disabled".equalsIgnoreCase(host.strip())) {
                return false;
            }
            return cluster() || sentinel() || (host != null && !host.isBlank());
        }

        public boolean cluster() {
            return !clusterNodes.isEmpty();
        }

        public boolean sentinel() {
            return !cluster() && sentinelMaster != null && !sentinelMaster.isBlank() && !sentinelNodes.isEmpty();
        }

        /** {@code host:port}, the Sentinel master or the cluster seeds, or a word saying why there is none. */
        public String describe() {
            if (host != null && "disabled".equalsIgnoreCase(host.strip())) {
                return "disabled";
            }
            if (cluster()) {
                return "cluster " + String.join(",", clusterNodes);
            }
            if (sentinel()) {
                return "sentinel master " + sentinelMaster.strip() + " via " + String.join(",", sentinelNodes);
            }
            if (host == null || host.isBlank()) {
                return "not configured";
            }
            return host.strip() + ":" + port;
        }
    }

    /**
     * The circuit breaker around Redis (resilience4j, count-based window). While open, the Redis tier
     * is skipped without waiting; after {@code waitInOpenState} a few probe calls decide whether to close.
     *
     * @param failureRateThreshold          percentage of failed calls in the window that opens it
     * @param slidingWindowSize             calls in the window
     * @param minimumNumberOfCalls          calls needed before the rate is judged
     * @param waitInOpenState               time open before probing
     * @param permittedCallsInHalfOpenState probe calls that decide between closed and open
     */
    public record Breaker(
            @DefaultValue("50") float failureRateThreshold,
            @DefaultValue("20") int slidingWindowSize,
            @DefaultValue("5") int minimumNumberOfCalls,
            @DefaultValue("2s") Duration waitInOpenState,
            @DefaultValue("3") int permittedCallsInHalfOpenState) {}
}
