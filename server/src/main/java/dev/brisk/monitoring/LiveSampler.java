package dev.brisk.monitoring;

import dev.brisk.platform.TooManyRequestsException;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Once a second, turns what happened in that second into one sample (requests/s, p95,
 * statements per request, hit rate per cache namespace) and pushes it to every open stream.
 */
@Component
class LiveSampler {

    record Sample(
            Instant at,
            double requestsPerSecond,
            double p95Millis,
            double statementsPerRequest,
            Map<String, Double> gauges) {}

    private final Recorder latency = new Recorder(3_600_000_000L, 2);
    private final List<Stream> streams = new java.util.ArrayList<>();
    private final List<PerformanceContributor> contributors;
    private final MonitoringProperties properties;
    private final java.util.concurrent.atomic.LongAdder requests = new java.util.concurrent.atomic.LongAdder();
    private final java.util.concurrent.atomic.LongAdder statements = new java.util.concurrent.atomic.LongAdder();
    private volatile Sample last;
    private long lastNanos = System.nanoTime();

    LiveSampler(List<PerformanceContributor> contributors, MonitoringProperties properties) {
        this.contributors = contributors;
        this.properties = properties;
    }

    void record(long micros, int statementCount) {
        latency.recordValue(Math.max(1, Math.min(micros, 3_600_000_000L)));
        requests.increment();
        statements.add(statementCount);
    }

    /**
     * A stream for one operator's session: at most {@code maxStreamsPerUser} per user and
     * {@code maxStreams} in all (429 beyond), ended when {@code live} says the session is over
     * (revoked, expired, user disabled; checked every sample) and after {@code streamTimeout}
     * (the page reconnects), so no stream outlives the login that opened it.
     */
    SseEmitter subscribe(long userId, java.util.function.BooleanSupplier live) {
        Stream stream;
        synchronized (streams) {
            if (streams.size() >= properties.maxStreams()) {
                throw new TooManyRequestsException("Too many monitoring streams are open", 5);
            }
            if (streams.stream().filter(s -> s.userId == userId).count() >= properties.maxStreamsPerUser()) {
                throw new TooManyRequestsException("You have too many monitoring streams open", 5);
            }
            stream = new Stream(new SseEmitter(properties.streamTimeout().toMillis()), userId, live);
            streams.add(stream);
        }
        SseEmitter emitter = stream.emitter;
        emitter.onCompletion(() -> remove(stream));
        emitter.onTimeout(() -> {
            remove(stream);
            emitter.complete();
        });
        emitter.onError(e -> remove(stream));
        if (last != null) {
            send(stream, last);
        }
        return emitter;
    }

    /**
     * Shutdown begins (readiness is already REFUSING_TRAFFIC): end the streams now, or the graceful
     * shutdown would wait its whole timeout for these never-ending requests.
     */
    @EventListener(ContextClosedEvent.class)
    void closeStreams() {
        List<Stream> open;
        synchronized (streams) {
            open = List.copyOf(streams);
            streams.clear();
        }
        open.forEach(s -> s.emitter.complete());
    }

    int openStreams() {
        synchronized (streams) {
            return streams.size();
        }
    }

    private void remove(Stream stream) {
        synchronized (streams) {
            streams.remove(stream);
        }
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
        last = new Sample(
                Instant.now(),
                count / seconds,
                count == 0 ? 0 : interval.getValueAtPercentile(95) / 1e3,
                count == 0 ? 0 : (double) stmts / count,
                gauges);
        List<Stream> open;
        synchronized (streams) {
            open = List.copyOf(streams);
        }
        for (Stream stream : open) {
            if (stream.live.getAsBoolean()) {
                send(stream, last);
            } else {
                remove(stream);
                stream.emitter.complete(); // the session behind it ended
            }
        }
    }

    Sample last() {
        return last;
    }

    private void send(Stream stream, Sample sample) {
        try {
            stream.emitter.send(SseEmitter.event().name("sample").data(sample));
        } catch (IOException | IllegalStateException e) {
            remove(stream); // the client went away
        }
    }

    private record Stream(SseEmitter emitter, long userId, java.util.function.BooleanSupplier live) {}
}
