package dev.brisk.monitoring;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.stereotype.Component;

/**
 * {@code brisk_readiness}: 1 while this node accepts traffic (the state behind
 * {@code /actuator/health/readiness}), 0 while it refuses it (starting, shutting down), so Prometheus can
 * alert on readiness with the same scrape it uses for everything else.
 */
@Component
class ReadinessMeter {

    ReadinessMeter(ApplicationAvailability availability, MeterRegistry registry) {
        Gauge.builder(
                        "brisk.readiness",
                        availability,
                        a -> a.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC ? 1 : 0)
                .description("1 while the node accepts traffic (readiness probe UP), else 0")
                .register(registry);
    }
}
