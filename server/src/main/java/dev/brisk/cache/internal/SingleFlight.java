package dev.brisk.cache.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The loads running in this node for one namespace: concurrent misses on one key wait for the
 * first one's load instead of loading too. An eviction during a load marks it stale, so its
 * result is handed to the waiters but not stored.
 */
final class SingleFlight {

    /** One running load. */
    static final class Flight {
        private final CompletableFuture<Entry> result = new CompletableFuture<>();
        private final Thread owner = Thread.currentThread();
        /** Set when the key was evicted while loading: the result is returned but not stored. */
        private volatile boolean stale;

        boolean stale() {
            return stale;
        }

        void complete(Entry e) {
            result.complete(e);
        }

        void fail(Throwable t) {
            result.completeExceptionally(t);
        }

        Entry await(String key) {
            if (owner == Thread.currentThread()) {
                throw new IllegalStateException("The loader of " + key + " reads its own key");
            }
            try {
                return result.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw e;
            }
        }
    }

    private final ConcurrentHashMap<String, Flight> flights = new ConcurrentHashMap<>();

    /** Registers {@code mine} for {@code rk}; returns the flight already running for it, or null if {@code mine} now runs. */
    @Nullable
    Flight join(String rk, Flight mine) {
        return flights.putIfAbsent(rk, mine);
    }

    /** The load of {@code flight} is over. */
    void land(String rk, Flight flight) {
        flights.remove(rk, flight);
    }

    /** A load running for {@code rk} will not store its result. */
    void cancel(String rk) {
        Flight running = flights.remove(rk);
        if (running != null) {
            running.stale = true;
        }
    }

    /** {@link #cancel} for every key starting with {@code prefix}. */
    void cancelMatching(String prefix) {
        flights.forEach((rk, flight) -> {
            if (rk.startsWith(prefix) && flights.remove(rk, flight)) {
                flight.stale = true;
            }
        });
    }
}
