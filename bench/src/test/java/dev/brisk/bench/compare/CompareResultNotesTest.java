package dev.brisk.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.bench.run.Results;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Adding and dropping notes changes the notes and carries every other part of the result over. */
class CompareResultNotesTest {

    private static final CompareResult RESULT = new CompareResult(
            "brisk-bench compare",
            "2026-12-02T03:00:00Z",
            12.5,
            new Results.Machine("host", 2, "cpu", 1024, "Linux", "21"),
            "Debian",
            "Linux 6",
            null,
            null,
            null,
            List.of(),
            null,
            null,
            null,
            List.of(),
            List.of(),
            List.of("first"));

    @Test
    void withNotesAppendsOnlyNewNotes() {
        CompareResult more = RESULT.withNotes(List.of("first", "second"));
        assertThat(more.notes()).containsExactly("first", "second");
        assertThat(more.withoutNotes("second"::equals)).isEqualTo(RESULT);
    }

    @Test
    void withoutNotesKeepsTheRest() {
        CompareResult none = RESULT.withoutNotes(n -> true);
        assertThat(none.notes()).isEmpty();
        assertThat(none.withNotes(List.of("first"))).isEqualTo(RESULT);
    }
}
