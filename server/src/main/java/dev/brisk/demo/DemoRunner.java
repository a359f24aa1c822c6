package dev.brisk.demo;

import java.time.Instant;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Seeds the demo data at start-up when {@code brisk.demo.seed} is on. Runners run after Flyway and
 * before the application reports itself ready, so the readiness probe only turns green (and the
 * start-up banner only appears) once the data is there.
 */
@Component
class DemoRunner implements ApplicationRunner {

    private final DemoSeeder seeder;
    private final DemoProperties properties;

    DemoRunner(DemoSeeder seeder, DemoProperties properties) {
        this.seeder = seeder;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.seed()) {
            seeder.seed(Instant.now());
        }
    }
}
