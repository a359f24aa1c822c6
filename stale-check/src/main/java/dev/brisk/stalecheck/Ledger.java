package dev.brisk.stalecheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What happened, in {@link System#nanoTime()}: when each write was acknowledged (per customer, in
 * value order), what each read returned, and the faults. Thread-safe; the report is computed once
 * at the end.
 */
final class Ledger {

    /** A read by a user who did not write: sent at {@code sentNanos}, it returned {@code value}. */
    record Read(long sentNanos, long customer, long value) {}

    /** Per customer: {value, ackNanos} in the order acknowledged (one writer per customer, so values rise). */
    private final Map<Long, List<long[]>> acks = new ConcurrentHashMap<>();

    private final ConcurrentLinkedQueue<Read> otherReads = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> visibleNanos = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> ownStale = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> faultNanos = new ConcurrentLinkedQueue<>();
    private final AtomicLong ownReads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong oldPolls = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final ConcurrentLinkedQueue<String> firstFailures = new ConcurrentLinkedQueue<>();

    void customer(long id) {
        acks.put(id, Collections.synchronizedList(new ArrayList<>(List.of(new long[] {0, System.nanoTime()}))));
    }

    void acknowledged(long customer, long value, long ackNanos) {
        acks.get(customer).add(new long[] {value, ackNanos});
        writes.incrementAndGet();
    }

    void ownRead(long customer, long wrote, long read, String node, String body) {
        ownReads.incrementAndGet();
        if (read < wrote) {
            ownStale.add("customer " + customer + " wrote " + wrote + ", read " + read + " through " + node
                    + (read < 0 ? " (" + (body.length() > 120 ? body.substring(0, 120) : body) + ")" : ""));
        }
    }

    void otherRead(long sentNanos, long customer, long value) {
        otherReads.add(new Read(sentNanos, customer, value));
    }

    /** Another user's first read that saw a write was sent this long after its acknowledgement (MAX_VALUE: never). */
    void visible(long nanosAfterAck, long pollsThatSawTheOldValue) {
        visibleNanos.add(nanosAfterAck);
        oldPolls.addAndGet(pollsThatSawTheOldValue);
    }

    /** A request that did not answer 200 (connection error: status -1); the first few are kept for the report. */
    void failed(String request, int status, String body) {
        if (failed.incrementAndGet() <= 5) {
            firstFailures.add(request + ": " + status + " " + (body.length() > 120 ? body.substring(0, 120) : body));
        }
    }

    long acknowledgedWrites() {
        return writes.get();
    }

    void fault(long nanos) {
        faultNanos.add(nanos);
    }

    StaleReadReport report(double seconds, long faultsListener, long faultsRedis, long windowNanos) {
        List<Long> staleness = new ArrayList<>();
        long inFaultWindow = 0;
        for (Read read : otherReads) {
            long firstNewerAck = Long.MAX_VALUE;
            List<long[]> history = acks.get(read.customer());
            synchronized (history) {
                for (long[] ack : history) {
                    if (ack[0] > read.value() && ack[1] < read.sentNanos()) {
                        firstNewerAck = Math.min(firstNewerAck, ack[1]);
                    }
                }
            }
            if (firstNewerAck != Long.MAX_VALUE) {
                long stale = read.sentNanos() - firstNewerAck;
                staleness.add(stale);
                if (faultNanos.stream().anyMatch(f -> read.sentNanos() >= f && read.sentNanos() - f <= windowNanos)) {
                    inFaultWindow++;
                }
            }
        }
        Collections.sort(staleness);
        List<Long> visible = new ArrayList<>(visibleNanos);
        Collections.sort(visible);
        long never = visible.stream().filter(v -> v == Long.MAX_VALUE).count();
        return new StaleReadReport(
                seconds,
                writes.get(),
                failed.get(),
                List.copyOf(firstFailures),
                faultsListener,
                faultsRedis,
                ownReads.get(),
                List.copyOf(ownStale),
                otherReads.size(),
                staleness.size(),
                inFaultWindow,
                StaleReadReport.Quantiles.of(staleness),
                staleness.stream().filter(s -> s > 100_000_000L).count(),
                StaleReadReport.Quantiles.of(visible.subList(0, visible.size() - (int) never)),
                never,
                oldPolls.get());
    }
}
