package dev.brisk.auth;

import dev.brisk.cache.CacheNamespace;
import dev.brisk.cache.TieredCache;
import dev.brisk.monitoring.PerformanceContributor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/** Token checks (count, time) and the {@code authentication} section of the performance report. */
@Component
class AuthMetrics implements PerformanceContributor {

    private final TieredCache cache;
    private final Timer timer;
    private final LongAdder checks = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private volatile boolean lastFailed;

    AuthMetrics(TieredCache cache, MeterRegistry registry) {
        this.cache = cache;
        this.timer = Timer.builder("brisk.auth.checks")
                .description("Bearer token resolutions")
                .register(registry);
    }

    void checked(long elapsedNanos, boolean failed) {
        lastFailed = failed;
        if (failed) {
            failures.increment();
        }
        checks.increment();
        nanos.add(elapsedNanos);
        timer.record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public String name() {
        return "authentication";
    }

    @Override
    public Object snapshot() {
        long count = checks.sum();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("checks", count);
        section.put("failures", failures.sum());
        section.put("meanMillis", count == 0 ? 0 : nanos.sum() / 1e6 / count);
        section.put(
                "cacheHitRate",
                cache.stats().namespaces().get(CacheNamespace.AUTH).hitRate());
        return section;
    }

    @Override
    public String health() {
        return lastFailed ? "DOWN" : "UP"; // a check fails only when neither cache nor database can answer
    }

    @Override
    public void reset() {
        checks.reset();
        nanos.reset();
        failures.reset();
    }
}
