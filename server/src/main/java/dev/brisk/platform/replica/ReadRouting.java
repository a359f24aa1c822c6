package dev.brisk.platform.replica;

import dev.brisk.platform.Caller;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Decides, statement by statement, whether a read may go to a replica. Only reads inside a read scope
 * (a GET of the API, {@link ReadScopeFilter}) and outside a transaction qualify; everything else (writes,
 * Flyway, the refresher and its advisory lock, LISTEN, background work) stays on the primary. A replica
 * takes a read only if it is up, within {@code max-lag} of the primary, and has replayed
 * <ul>
 *   <li>everything this node has heard of ({@link #heard}: the primary's WAL position taken after each
 *       batch of change notifications, before the caches act on them), so no cache entry keyed by a new
 *       generation is filled from data older than that generation; and</li>
 *   <li>the caller's own last write on this node ({@link #writeEnded}: the primary's WAL position after the
 *       commit), so a user reads their own writes; while a write runs the user reads the primary.</li>
 * </ul>
 * Otherwise the read goes to the primary. A read that fails on a replica is run again on the primary.
 */
public final class ReadRouting implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadRouting.class);
    private static final ThreadLocal<Scope> SCOPE = new ThreadLocal<>();
    private static final long IN_PROGRESS = Long.MAX_VALUE;
    /** Before the change listener reports its first position nothing is known to be safe to read elsewhere. */
    private static final long UNKNOWN = Long.MAX_VALUE;

    private final List<Replica> replicas;
    private final ReplicaProperties properties;
    private final AtomicLong heard = new AtomicLong(UNKNOWN);
    private final Map<Long, Long> writes = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final Counter toReplica;
    private final Counter behind;
    private final Counter unavailable;
    private final Counter failed;

    ReadRouting(List<Replica> replicas, ReplicaProperties properties, MeterRegistry registry) {
        this.replicas = List.copyOf(replicas);
        this.properties = properties;
        this.toReplica = reads(registry, "replica");
        this.behind = reads(registry, "primary-behind");
        this.unavailable = reads(registry, "primary-unavailable");
        this.failed = reads(registry, "primary-after-failure");
        for (Replica r : replicas) {
            Gauge.builder("brisk.replica.lag", r, Replica::lagBytes)
                    .baseUnit("bytes")
                    .description("WAL bytes the replica has not replayed yet (-1 unknown)")
                    .tag("replica", r.name())
                    .register(registry);
            Gauge.builder("brisk.replica.up", r, x -> x.up() ? 1 : 0)
                    .description("1 while the replica answers its replay-position poll")
                    .tag("replica", r.name())
                    .register(registry);
        }
    }

    private static Counter reads(MeterRegistry registry, String target) {
        return Counter.builder("brisk.replica.reads")
                .description("Reads that could have gone to a replica, by where they went")
                .tag("target", target)
                .register(registry);
    }

    /** True when replicas are configured: only then does anyone need WAL positions. */
    public boolean enabled() {
        return !replicas.isEmpty();
    }

    List<Replica> replicas() {
        return replicas;
    }

    @Override
    public void close() {
        replicas.forEach(r -> r.pool().close());
    }

    long heardLsn() {
        return heard.get();
    }

    // --- positions ----------------------------------------------------------------------------------

    /** The primary's WAL position after this node heard (but before it acted on) a batch of changes, or after LISTEN. */
    public void heard(String lsn) {
        long position = Lsn.parse(lsn);
        heard.accumulateAndGet(position, (old, now) -> old == UNKNOWN ? now : Math.max(old, now));
    }

    void writeStarted(long userId) {
        writes.put(userId, IN_PROGRESS);
    }

    /** {@code lsn}: the primary's WAL position after the write committed; null when it failed (nothing to wait for). */
    void writeEnded(long userId, String lsn) {
        if (lsn == null) {
            writes.remove(userId, IN_PROGRESS);
        } else {
            writes.put(userId, Lsn.parse(lsn));
        }
    }

    /** Forgets writes every up replica and this node's heard position have passed (they no longer constrain anything). */
    void prune() {
        long floor = heard.get();
        for (Replica r : replicas) {
            if (r.up()) {
                floor = Math.min(floor, r.replayLsn());
            }
        }
        long passed = floor;
        writes.values().removeIf(lsn -> lsn != IN_PROGRESS && lsn <= passed);
    }

    int pendingWrites() {
        return writes.size();
    }

    // --- routing ------------------------------------------------------------------------------------

    /** A replica for the next statement of this thread, or null for the primary. */
    Replica replicaForRead() {
        Scope scope = SCOPE.get();
        if (scope == null
                || scope.owner != this
                || scope.primaryOnly
                || TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        long required = heard.get();
        Long userId = callerId();
        if (userId != null) {
            Long write = writes.get(userId);
            if (write != null) {
                required = Math.max(required, write);
            }
        }
        if (required == IN_PROGRESS) {
            behind.increment();
            return null;
        }
        int n = replicas.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        boolean anyUp = false;
        for (int i = 0; i < n; i++) {
            Replica r = replicas.get((start + i) % n);
            if (!r.up()) {
                continue;
            }
            anyUp = true;
            long replay = r.replayLsn();
            if (replay >= required && r.lagBytes() <= properties.maxLag().toBytes()) {
                scope.minReplayLsn = Math.min(scope.minReplayLsn, replay);
                scope.replicaReads++;
                toReplica.increment();
                return r;
            }
        }
        (anyUp ? behind : unavailable).increment();
        return null;
    }

    /** The read on {@code replica} failed: the caller runs it again on the primary. */
    void readFailed(Replica replica, RuntimeException e, boolean connectionLost) {
        failed.increment();
        if (connectionLost) {
            if (replica.up()) {
                log.warn(
                        "Replica {} failed a read ({}); reads go to the primary until it answers again",
                        replica.name(),
                        e.toString());
            }
            replica.down(e.getClass().getSimpleName());
        }
    }

    private static Long callerId() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof Caller caller ? caller.userId() : null;
    }

    // --- scopes -------------------------------------------------------------------------------------

    /** Opens a read scope on this thread: its reads may go to a replica. Close it when the request ends. */
    Scope openReadScope() {
        Scope scope = new Scope(this, SCOPE.get());
        SCOPE.set(scope);
        return scope;
    }

    /**
     * May a value read on this thread be stored in a cache? Not if any of its reads came from a replica
     * whose position is behind a change this node has heard since: the value could predate a generation
     * its key already carries.
     */
    public static boolean storable() {
        Scope scope = SCOPE.get();
        return scope == null || scope.replicaReads == 0 || scope.minReplayLsn >= scope.owner.heard.get();
    }

    /**
     * Runs {@code read}; if it found nothing and read a replica, asks the primary: a replica may not have
     * the row yet (a session created a moment ago on another node), and "absent" is remembered by caches.
     */
    public static <T> Optional<T> absentConfirmedOnPrimary(Supplier<Optional<T>> read) {
        Scope scope = SCOPE.get();
        long before = scope == null ? 0 : scope.replicaReads;
        Optional<T> found = read.get();
        if (found.isPresent() || scope == null || scope.replicaReads == before) {
            return found;
        }
        boolean was = scope.primaryOnly;
        scope.primaryOnly = true;
        try {
            return read.get();
        } finally {
            scope.primaryOnly = was;
        }
    }

    static final class Scope implements AutoCloseable {
        private final ReadRouting owner;
        private final Scope outer;
        private boolean primaryOnly;
        private long minReplayLsn = Long.MAX_VALUE;
        private long replicaReads;

        private Scope(ReadRouting owner, Scope outer) {
            this.owner = owner;
            this.outer = outer;
        }

        @Override
        public void close() {
            if (outer == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(outer);
            }
        }
    }
}
