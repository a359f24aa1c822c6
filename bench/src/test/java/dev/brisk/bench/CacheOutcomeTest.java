package dev.brisk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.bench.run.CacheOutcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheOutcomeTest {

    @Test
    void parsesBriskDescriptorsAndBareOnes() {
        assertThat(CacheOutcome.parse("auth=local api=miss")).containsExactly(Map.entry("auth", "local"), Map.entry("api", "miss"));
        assertThat(CacheOutcome.parse("local")).containsExactly(Map.entry("any", "local"));
        assertThat(CacheOutcome.parse(null)).isEmpty();
    }

    @Test
    void classifiesByTheDataNamespaces() {
        assertThat(CacheOutcome.classify("auth=local api=local")).isEqualTo("hit");
        assertThat(CacheOutcome.classify("auth=memo dashboard=redis")).isEqualTo("hit");
        assertThat(CacheOutcome.classify("auth=miss dashboard=redis")).isEqualTo("miss"); // authentication read the database
        assertThat(CacheOutcome.classify("auth=local api=miss")).isEqualTo("miss");
        assertThat(CacheOutcome.classify("auth=local")).isEqualTo("auth"); // writes, /api/auth/me
        assertThat(CacheOutcome.classify("miss")).isEqualTo("miss");
        assertThat(CacheOutcome.classify("memo")).isEqualTo("hit");
        assertThat(CacheOutcome.classify(null)).isEqualTo("none");
        assertThat(CacheOutcome.classify("auth=local api=bypass")).isEqualTo("bypass"); // waiting for the caller's own change
    }

    @Test
    void hitRatiosPerNamespaceFromDescriptorCounts() {
        Map<String, Double> r = CacheOutcome.hitRatios(Map.of("auth=local api=miss", 3L, "auth=local api=local", 1L,
                "auth=miss dashboard=local", 4L, "none", 10L));
        assertThat(r).containsEntry("auth", 0.5).containsEntry("api", 0.25).containsEntry("dashboard", 1.0).hasSize(3);
        // a bypass is no hit
        assertThat(CacheOutcome.hitRatios(Map.of("auth=local api=bypass", 1L, "auth=local api=local", 1L)))
                .containsEntry("api", 0.5);
    }
}
