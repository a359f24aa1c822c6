package dev.brisk.idempotency;

import dev.brisk.platform.DatabaseFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Deletes expired idempotency keys every purge interval (every node does; deleting twice is harmless). */
@Configuration(proxyBeanMethods = false)
class IdempotencyPurger implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyPurger.class);

    private final IdempotencyStore store;
    private final IdempotencyProperties properties;

    IdempotencyPurger(IdempotencyStore store, IdempotencyProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::purge, properties.purgeInterval());
    }

    int purge() {
        try {
            int deleted = store.purge(properties.ttl());
            if (deleted > 0) {
                log.debug("Purged {} expired idempotency keys", deleted);
            }
            return deleted;
        } catch (RuntimeException e) {
            if (!DatabaseFailure.of(e).isFailure()) {
                log.warn("Purging expired idempotency keys failed", e);
            }
            return 0; // the database is away: the next run purges
        }
    }
}
