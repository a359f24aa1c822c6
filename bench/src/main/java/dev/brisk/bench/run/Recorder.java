package dev.brisk.bench.run;

import static dev.brisk.bench.run.Rounding.round3;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Thread-safe recording of one measured phase: per-operation histograms (microseconds), counts,
 * Server-Timing statements and cache outcomes, and a per-second timeline. Many virtual threads
 * record at once; nothing here blocks.
 */
final class Recorder {

    private static final int MAX_SECONDS = 24 * 3600;

    final long startNanos;
    private final ConcurrentHashMap<String, OpStats> ops = new ConcurrentHashMap<>();
    private final AtomicReferenceArray<Bucket> timeline;
    private final LongAdder total = new LongAdder();
    private final int sampleLimit;
    private final AtomicInteger sampleSeq = new AtomicInteger();
    private final ConcurrentLinkedQueue<Results.Sample> samples = new ConcurrentLinkedQueue<>();

    Recorder(long startNanos, int sampleLimit, int expectedSeconds) {
        this.startNanos = startNanos;
        this.sampleLimit = sampleLimit;
        this.timeline = new AtomicReferenceArray<>(Math.min(MAX_SECONDS, Math.max(16, expectedSeconds * 2 + 120)));
    }

    long total() {
        return total.sum();
    }

    /**
     * @param intendedNanos when the request should have started (open loop) or did start (closed loop)
     */
    void record(String op, Api.Response r, long intendedNanos) {
        long latency = Math.max(0, (r.endNanos() - intendedNanos) / 1000);
        long service = Math.max(0, (r.endNanos() - r.startNanos()) / 1000);
        ServerTiming t = r.timing();
        boolean failed = r.failed();
        ops.computeIfAbsent(op, OpStats::new).record(latency, service, t, failed, failed ? r.errorKind() : null);
        total.increment();

        int second = (int) ((r.endNanos() - startNanos) / 1_000_000_000L);
        if (second >= 0 && second < timeline.length()) {
            Bucket b = timeline.get(second);
            if (b == null) {
                timeline.compareAndSet(second, null, new Bucket());
                b = timeline.get(second);
            }
            b.record(latency, failed, t.cache());
        }
        if (sampleLimit > 0 && sampleSeq.get() < sampleLimit) {
            int seq = sampleSeq.getAndIncrement();
            if (seq < sampleLimit) {
                samples.add(new Results.Sample(
                        seq, op, round3((r.startNanos() - startNanos) / 1e6), round3(latency / 1e3), r.status()));
            }
        }
    }

    List<Results.Sample> samples() {
        List<Results.Sample> list = new ArrayList<>(samples);
        list.sort(Comparator.comparingDouble(Results.Sample::startMs));
        List<Results.Sample> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Results.Sample s = list.get(i);
            out.add(new Results.Sample(i, s.op(), s.startMs(), s.latencyMs(), s.status()));
        }
        return out;
    }

    Map<String, OpStats> ops() {
        return new TreeMap<>(ops);
    }

    List<Results.TimelinePoint> timeline(int seconds) {
        List<Results.TimelinePoint> points = new ArrayList<>();
        int last = 0;
        for (int i = 0; i < timeline.length(); i++) {
            if (timeline.get(i) != null) {
                last = i;
            }
        }
        for (int i = 0; i <= Math.max(last, seconds - 1) && i < timeline.length(); i++) {
            Bucket b = timeline.get(i);
            if (b == null) {
                points.add(new Results.TimelinePoint(i, 0, 0, 0, 0, 0, Map.of()));
                continue;
            }
            Histogram h = b.latency.copy();
            Map<String, Long> cache = new TreeMap<>();
            b.cache.forEach((k, v) -> cache.put(k, v.sum()));
            points.add(new Results.TimelinePoint(
                    i,
                    b.requests.sum(),
                    b.errors.sum(),
                    round3(h.getValueAtPercentile(50) / 1e3),
                    round3(h.getValueAtPercentile(99) / 1e3),
                    round3(h.getMaxValue() / 1e3),
                    cache));
        }
        return points;
    }

    /** Everything recorded for one operation. */
    static final class OpStats {
        final String name;
        final ConcurrentHistogram latency = new ConcurrentHistogram(3);
        final ConcurrentHistogram service = new ConcurrentHistogram(3);
        final ConcurrentHistogram server = new ConcurrentHistogram(3);
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder withStatements = new LongAdder();
        final LongAdder statements = new LongAdder();
        final AtomicLong statementsMax = new AtomicLong();
        final AtomicLongArray statementsHistogram = new AtomicLongArray(7);
        final LongAdder withDb = new LongAdder();
        final LongAdder dbMicros = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> cache = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
        /** By {@link CacheOutcome#classify}: hit, miss, none. */
        final ConcurrentHashMap<String, ClassStats> byCache = new ConcurrentHashMap<>();

        OpStats(String name) {
            this.name = name;
            latency.setAutoResize(true);
            service.setAutoResize(true);
            server.setAutoResize(true);
        }

        void record(long latencyMicros, long serviceMicros, ServerTiming t, boolean failed, String errorKind) {
            requests.increment();
            latency.recordValue(latencyMicros);
            service.recordValue(serviceMicros);
            if (failed) {
                errors.increment();
                errorKinds.computeIfAbsent(errorKind, k -> new LongAdder()).increment();
            }
            if (!Double.isNaN(t.totalMillis())) {
                server.recordValue(Math.max(0, Math.round(t.totalMillis() * 1000)));
            }
            if (t.statements() >= 0) {
                withStatements.increment();
                statements.add(t.statements());
                statementsMax.accumulateAndGet(t.statements(), Math::max);
                statementsHistogram.incrementAndGet(Math.min(6, t.statements()));
            }
            if (!Double.isNaN(t.dbMillis())) {
                withDb.increment();
                dbMicros.add(Math.round(t.dbMillis() * 1000));
            }
            if (!failed || t.cache() != null) {
                cache.computeIfAbsent(t.cache() == null ? "none" : t.cache(), k -> new LongAdder())
                        .increment();
            }
            if (!failed) {
                byCache.computeIfAbsent(CacheOutcome.classify(t.cache()), k -> new ClassStats())
                        .record(t);
            }
        }

        Map<String, Results.ByCache> byCache() {
            return ClassStats.summarize(List.of(this));
        }

        Map<String, Long> cacheCounts() {
            Map<String, Long> m = new TreeMap<>();
            cache.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }

        Map<String, Long> errorCounts() {
            Map<String, Long> m = new TreeMap<>();
            errorKinds.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }

        static Results.Statements statements(List<OpStats> all) {
            long n = 0;
            long sum = 0;
            long max = 0;
            long db = 0;
            long withDb = 0;
            long[] hist = new long[7];
            for (OpStats s : all) {
                n += s.withStatements.sum();
                sum += s.statements.sum();
                max = Math.max(max, s.statementsMax.get());
                db += s.dbMicros.sum();
                withDb += s.withDb.sum();
                for (int i = 0; i < 7; i++) {
                    hist[i] += s.statementsHistogram.get(i);
                }
            }
            Map<String, Long> h = new LinkedHashMap<>();
            for (int i = 0; i < 7; i++) {
                h.put(i == 6 ? "6+" : Integer.toString(i), hist[i]);
            }
            return new Results.Statements(
                    n, n == 0 ? 0 : round3((double) sum / n), max, h, withDb == 0 ? 0 : round3(db / 1000.0 / withDb));
        }
    }

    /** Successful responses of one cache class: server time and statements. */
    static final class ClassStats {
        final ConcurrentHistogram server = new ConcurrentHistogram(3);
        final LongAdder requests = new LongAdder();
        final LongAdder withStatements = new LongAdder();
        final LongAdder statements = new LongAdder();

        ClassStats() {
            server.setAutoResize(true);
        }

        void record(ServerTiming t) {
            requests.increment();
            if (!Double.isNaN(t.totalMillis())) {
                server.recordValue(Math.max(0, Math.round(t.totalMillis() * 1000)));
            }
            if (t.statements() >= 0) {
                withStatements.increment();
                statements.add(t.statements());
            }
        }

        static Map<String, Results.ByCache> summarize(List<OpStats> all) {
            Map<String, Histogram> server = new TreeMap<>();
            Map<String, long[]> counts = new TreeMap<>();
            for (OpStats op : all) {
                op.byCache.forEach((k, c) -> {
                    server.computeIfAbsent(k, x -> new Histogram(3)).add(c.server);
                    long[] n = counts.computeIfAbsent(k, x -> new long[3]);
                    n[0] += c.requests.sum();
                    n[1] += c.withStatements.sum();
                    n[2] += c.statements.sum();
                });
            }
            Map<String, Results.ByCache> out = new TreeMap<>();
            counts.forEach((k, n) -> out.put(
                    k,
                    new Results.ByCache(
                            n[0], Results.Latency.of(server.get(k)), n[1] == 0 ? null : round3((double) n[2] / n[1]))));
            return out;
        }
    }

    private static final class Bucket {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder();
        final ConcurrentHistogram latency = new ConcurrentHistogram(2);
        final ConcurrentHashMap<String, LongAdder> cache = new ConcurrentHashMap<>();

        Bucket() {
            latency.setAutoResize(true);
        }

        void record(long latencyMicros, boolean failed, String cacheOutcome) {
            requests.increment();
            if (failed) {
                errors.increment();
            }
            latency.recordValue(latencyMicros);
            if (cacheOutcome != null) {
                cache.computeIfAbsent(cacheOutcome, k -> new LongAdder()).increment();
            }
        }
    }
}
