package dev.brisk.platform;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code serving}: whether this node can give correct answers now. It is part of the
 * root {@code /actuator/health} (so a balancer that only knows that path never sends traffic too
 * early) and of the readiness group. OUT_OF_SERVICE until Spring Boot's readiness is ACCEPTING_TRAFFIC
 * (after Flyway, the demo seed and the dashboard refresh that follows it) and again from the start of a
 * shutdown; DOWN while PostgreSQL is unreachable or the LISTEN connection is not listening (the caches
 * could miss changes).
 */
@Component("serving")
class ServingHealthIndicator implements HealthIndicator {

    private final ApplicationAvailability availability;
    private final DatabaseOutage outage;
    private final DatabaseChangeListener listener;

    ServingHealthIndicator(
            ApplicationAvailability availability, DatabaseOutage outage, DatabaseChangeListener listener) {
        this.availability = availability;
        this.outage = outage;
        this.listener = listener;
    }

    @Override
    public Health health() {
        ReadinessState readiness = availability.getReadinessState();
        if (readiness != ReadinessState.ACCEPTING_TRAFFIC) {
            return Health.outOfService()
                    .withDetail("readiness", readiness.name())
                    .build();
        }
        if (!outage.reachable()) {
            return Health.down().withDetail("database", "unreachable").build();
        }
        if (!listener.connected()) {
            return Health.down().withDetail("changeListener", "not listening").build();
        }
        return Health.up().build();
    }
}
