package dev.brisk.monitoring;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A deliberately N+1 endpoint, present only in tests, so the detector has something to find. */
@RestController
class NPlusOneProbeController {

    private final JdbcClient jdbc;

    NPlusOneProbeController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/test/n-plus-one")
    @QueryBudget(3)
    int probe() {
        int sum = 0;
        for (int i = 1; i <= 6; i++) {
            sum += jdbc.sql("SELECT :i::int").param("i", i).query(Integer.class).single();
        }
        return sum;
    }
}
