package dev.brisk.monitoring;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * Once a second, turns what happened in that second into one sample (requests/s, p95,
 * statements per request, hit rate per cache namespace) and pushes it to every open stream.
 */
@Component
class LiveSampler {

    record Sample(Instant at, double requestsPerSecond, double p95Millis, double statementsPerRequest,
                  Map<String, Double> gauges) {}

    private final Recorder latency = new Recorder(3_600_000_000L, 2);
    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private final List<PerformanceContributor> contributors;
    private final java.util.concurrent.atomic.LongAdder requests = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder statements = new java.util.concurrent.atomic.LongAdder();
    private volatile Sample last;
    private long lastNanos = System.nanoTime();

    LiveSampler(List<PerformanceContributor> contributors) {
        this.contributors = contributors;
    }

    void record(long micros, int statementCount) {
        latency.recordValue(Math.max(1, Math.min(micros, 3_600_000_000L)));
        requests.increment();
        statements.add(statementCount);
    }

    SseEmitter subscribe() {
        SseEmitter emitter = new SseEmitter(0L);
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        emitters.add(emitter);
        if (last != null) {
            send(emitter, last);
        }
        return emitter;
    }

    /**
     * Shutdown begins (readiness is already REFUSING_TRAFFIC): end the streams now, or the graceful
     * shutdown would wait its whole timeout for these never-ending requests.
     */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        emitters.forEach(SseEmitter::complete);
        emitters.clear();
    }

    @Scheduled(fixedRate = 1000)
    void sample() {
        long now = System.nanoTime();
        double seconds = Math.max(1e-3, (now - lastNanos) / 1e9);
        lastNanos = now;
        Histogram interval = latency.getIntervalHistogram();
        long count = requests.sumThenReset();
        long stmts = statements.sumThenReset();
        Map<String, Double> gauges = new LinkedHashMap<>();
        contributors.forEach(c -> gauges.putAll(c.live()));
        last = new Sample(Instant.now(), count / seconds, count == 0 ? 0 : interval.getValueAtPercentile(95) / 1e3,
                count == 0 ? 0 : (double) stmts / count, gauges);
        emitters.forEach(e -> send(e, last));
    }

    Sample last() {
        return last;
    }

    private void send(SseEmitter emitter, Sample sample) {
        try {
            emitter.send(SseEmitter.event().name("sample").data(sample));
        } catch (IOException | IllegalStateException e) {
            emitters.remove(emitter);
        }
    }
}
