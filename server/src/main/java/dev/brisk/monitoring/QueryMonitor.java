package dev.brisk.monitoring;

import dev.brisk.platform.StatementListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Sees every JDBC statement (a {@link StatementListener}): attributes it to the current request,
 * keeps per-fingerprint counts and latency histograms, and logs slow statements with their
 * parameters left out (only the fingerprint, whose literals are already {@code ?}, is kept).
 */
@Component
public class QueryMonitor implements StatementListener {

    private static final Logger log = LoggerFactory.getLogger(QueryMonitor.class);
    private static final String OTHER = "(other statements)";
    /** N+1 suspects listed (endpoint × fingerprint, both already bounded); later ones are only counted. */
    static final int MAX_N_PLUS_ONE = 1_000;

    /** Per-fingerprint totals; latencies in microseconds. */
    public record FingerprintStats(
            String fingerprint, long count, double totalMillis, double p50Millis, double p95Millis, double p99Millis) {}

    public record SlowQuery(Instant at, String endpoint, String requestId, double millis, String sql) {}

    /** One N+1 suspect: a fingerprint repeated in requests to one endpoint. */
    public record NPlusOne(Instant at, String endpoint, String fingerprint, int count, long requests) {}

    private static final class Stats {
        final LongAdder count = new LongAdder();
        final LongAdder totalMicros = new LongAdder();
        final ConcurrentHistogram histogram = new ConcurrentHistogram(3_600_000_000L, 2);
    }

    private final MonitoringProperties properties;
    private final Map<String, Stats> byFingerprint = new ConcurrentHashMap<>();
    private final ArrayDeque<SlowQuery> slow = new ArrayDeque<>();
    /** Keyed by endpoint and fingerprint; the first occurrence of each key is logged. */
    private final Map<String, NPlusOne> nPlusOne = new ConcurrentHashMap<>();

    private final LongAdder statements = new LongAdder();
    private final LongAdder slowCount = new LongAdder();
    private final Counter nPlusOneCounter;
    private final Counter statementCounter;

    QueryMonitor(MonitoringProperties properties, MeterRegistry registry) {
        this.properties = properties;
        this.nPlusOneCounter = Counter.builder("brisk.db.n_plus_one")
                .description("N+1 suspects seen in requests")
                .register(registry);
        this.statementCounter = Counter.builder("brisk.db.statements")
                .description("JDBC statements executed")
                .register(registry);
    }

    @Override
    public void afterStatement(Statement statement, String sql, long nanos, @Nullable Throwable failure) {
        String fingerprint = Fingerprints.of(sql);
        statements.increment();
        statementCounter.increment();
        RequestStats request = RequestStats.current();
        if (request != null) {
            request.recordStatement(fingerprint, nanos);
        }
        Stats stats = byFingerprint.get(fingerprint);
        if (stats == null) {
            String key = byFingerprint.size() < properties.maxFingerprints() ? fingerprint : OTHER;
            stats = byFingerprint.computeIfAbsent(key, k -> new Stats());
        }
        long micros = Math.max(1, nanos / 1_000);
        stats.count.increment();
        stats.totalMicros.add(micros);
        stats.histogram.recordValue(Math.min(micros, 3_600_000_000L));
        if (nanos >= properties.slowQueryThreshold().toNanos()) {
            recordSlow(request, fingerprint, nanos);
        }
    }

    private void recordSlow(RequestStats request, String fingerprint, long nanos) {
        SlowQuery entry = new SlowQuery(
                Instant.now(),
                request == null ? "(background)" : request.endpoint,
                request == null ? null : request.requestId,
                nanos / 1e6,
                fingerprint);
        slowCount.increment();
        if (request != null) {
            log.warn(
                    "Slow statement {} ms on {}: {}",
                    String.format("%.1f", entry.millis()),
                    entry.endpoint(),
                    fingerprint);
        } else {
            // background work (dashboard refreshes, seeding) is expected to be slow; it is still listed and counted
            log.debug("Slow background statement {} ms: {}", String.format("%.1f", entry.millis()), fingerprint);
        }
        synchronized (slow) {
            slow.addLast(entry);
            while (slow.size() > properties.slowQueryLogSize()) {
                slow.removeFirst();
            }
        }
    }

    /** Called when a request ends: fingerprints repeated past the threshold are N+1 suspects. */
    void requestFinished(RequestStats request) {
        request.fingerprints.forEach((fingerprint, count) -> {
            if (count >= properties.nPlusOneThreshold()) {
                nPlusOneCounter.increment();
                String key = request.endpoint + '\n' + fingerprint;
                if (!nPlusOne.containsKey(key) && nPlusOne.size() >= MAX_N_PLUS_ONE) {
                    return; // counted above; the list keeps the first ones seen
                }
                NPlusOne seen = nPlusOne.merge(
                        key,
                        new NPlusOne(Instant.now(), request.endpoint, fingerprint, count, 1),
                        (old, now) -> new NPlusOne(
                                now.at(),
                                now.endpoint(),
                                now.fingerprint(),
                                Math.max(old.count(), now.count()),
                                old.requests() + 1));
                if (seen.requests() == 1) {
                    log.warn("N+1 suspect on {}: {} times in one request: {}", request.endpoint, count, fingerprint);
                }
            }
        });
    }

    public long statements() {
        return statements.sum();
    }

    public long slowStatements() {
        return slowCount.sum();
    }

    public long nPlusOneSuspects() {
        return (long) nPlusOneCounter.count();
    }

    public List<SlowQuery> slowQueries() {
        synchronized (slow) {
            return List.copyOf(slow);
        }
    }

    public List<NPlusOne> nPlusOneWarnings() {
        return nPlusOne.values().stream()
                .sorted(Comparator.comparing(NPlusOne::at))
                .toList();
    }

    /** The fingerprints that cost the most database time in total. */
    public List<FingerprintStats> topFingerprints(int limit) {
        return byFingerprint.entrySet().stream()
                .map(e -> {
                    Stats s = e.getValue();
                    var h = s.histogram;
                    return new FingerprintStats(
                            e.getKey(),
                            s.count.sum(),
                            s.totalMicros.sum() / 1e3,
                            h.getValueAtPercentile(50) / 1e3,
                            h.getValueAtPercentile(95) / 1e3,
                            h.getValueAtPercentile(99) / 1e3);
                })
                .sorted(Comparator.comparingDouble(FingerprintStats::totalMillis)
                        .reversed())
                .limit(limit)
                .toList();
    }

    public void reset() {
        byFingerprint.clear();
        synchronized (slow) {
            slow.clear();
        }
        nPlusOne.clear();
        statements.reset();
        slowCount.reset();
    }
}
