package dev.brisk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.bench.run.CacheOutcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheOutcomeTest {

    @Test
    void parsesBriskDescriptorsAndBareOnes() {
        assertThat(CacheOutcome.parse("auth=local api=miss"))
                .containsExactly(Map.entry("auth", "local"), Map.entry("api", "miss"));
        assertThat(CacheOutcome.parse("local")).containsExactly(Map.entry("any", "local"));
        assertThat(CacheOutcome.parse(null)).isEmpty();
    }

    @Test
    void classifiesByTheDataNamespaces() {
        assertThat(CacheOutcome.classify("auth=local api=local")).isEqualTo("hit");
        assertThat(CacheOutcome.classify("auth=memo dashboard=redis")).isEqualTo("hit");
        assertThat(CacheOutcome.classify("auth=miss dashboard=redis"))
                .isEqualTo("miss"); // authentication read the database
        assertThat(CacheOutcome.classify("auth=local api=miss")).isEqualTo("miss");
        assertThat(CacheOutcome.classify("auth=local")).isEqualTo("auth"); // writes, /api/auth/me
        assertThat(CacheOutcome.classify("miss")).isEqualTo("miss");
        assertThat(CacheOutcome.classify("memo")).isEqualTo("hit");
        assertThat(CacheOutcome.classify(null)).isEqualTo("none");
        assertThat(CacheOutcome.classify("auth=local api=bypass"))
                .isEqualTo("bypass"); // waiting for the caller's own change
        assertThat(CacheOutcome.classify("auth=local api=bypass-listen")).isEqualTo("bypass");
    }

    @Test
    void readsByOutcomeWithTheReasonForEachBypass() {
        var reads = CacheOutcome.reads(Map.of(
                "auth=local api=local",
                6L,
                "auth=local api=miss",
                2L,
                "auth=local api=bypass-own",
                1L,
                "auth=local api=bypass-listen",
                1L,
                "auth=local",
                5L,
                "none",
                3L));
        assertThat(reads.reads()).isEqualTo(10); // writes and auth-only responses are no reads of the response cache
        assertThat(reads.hitRatio()).isEqualTo(0.6);
        assertThat(reads.bypassShare()).isEqualTo(0.2);
        assertThat(reads.bypassReasons())
                .containsEntry("own-change", 1L)
                .containsEntry("listen-down", 1L)
                .hasSize(2);
        assertThat(CacheOutcome.bypassReason("auth=local api=bypass")).isEqualTo("unspecified");
        assertThat(CacheOutcome.bypassReason("auth=local api=local")).isNull();
    }

    @Test
    void hitRatiosPerNamespaceFromDescriptorCounts() {
        Map<String, Double> r = CacheOutcome.hitRatios(Map.of(
                "auth=local api=miss", 3L, "auth=local api=local", 1L, "auth=miss dashboard=local", 4L, "none", 10L));
        assertThat(r)
                .containsEntry("auth", 0.5)
                .containsEntry("api", 0.25)
                .containsEntry("dashboard", 1.0)
                .hasSize(3);
        // a bypass is no hit
        assertThat(CacheOutcome.hitRatios(Map.of("auth=local api=bypass", 1L, "auth=local api=local", 1L)))
                .containsEntry("api", 0.5);
    }
}
