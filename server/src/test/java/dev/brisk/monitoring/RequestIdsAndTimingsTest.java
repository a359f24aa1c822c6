package dev.brisk.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The cheap replacements of String.format and UUID.randomUUID on the request path say the same thing. */
class RequestIdsAndTimingsTest {

    @Test
    void millisHaveThreeDecimalsLikeFormatDid() {
        for (long nanos : new long[] {
            0, 999, 1_000, 9_999, 10_000, 99_000, 100_000, 999_999, 1_000_000, 12_345_678, 3_600_000_000_000L
        }) {
            String expected = nanos / 1_000_000 + "." + String.format("%03d", (nanos / 1_000) % 1_000);
            assertThat(RequestStats.millis(nanos)).as("%d ns", nanos).isEqualTo(expected);
        }
    }

    @Test
    void requestIdsAreVersion4UuidsAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestMonitorFilter.randomId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(id).matches("[0-9a-f-]{36}");
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }
}
