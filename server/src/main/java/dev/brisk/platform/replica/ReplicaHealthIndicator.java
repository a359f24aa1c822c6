package dev.brisk.platform.replica;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code replicas} health component: UP when every replica is up and within {@code max-lag},
 * DEGRADED (HTTP 200: reads go to the primary) otherwise, DISABLED without replicas.
 */
final class ReplicaHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "A replica is down or lagging: its reads go to the primary");
    static final Status DISABLED = new Status("DISABLED", "No replicas configured: every read goes to the primary");

    private final ReadRouting routing;
    private final ReplicaProperties properties;

    ReplicaHealthIndicator(ReadRouting routing, ReplicaProperties properties) {
        this.routing = routing;
        this.properties = properties;
    }

    @Override
    public Health health() {
        if (!routing.enabled()) {
            return Health.status(DISABLED).build();
        }
        boolean allGood = true;
        Map<String, Object> details = new LinkedHashMap<>();
        for (Replica r : routing.replicas()) {
            boolean good = r.up()
                    && r.lagBytes() >= 0
                    && r.lagBytes() <= properties.maxLag().toBytes();
            allGood &= good;
            details.put(r.name(), r.details());
        }
        details.put("heardLsn", Lsn.format(routing.heardLsn() == Long.MAX_VALUE ? -1 : routing.heardLsn()));
        details.put("usersReadingPrimaryAfterWrites", routing.pendingWrites());
        return Health.status(allGood ? Status.UP : DEGRADED)
                .withDetails(details)
                .build();
    }
}
