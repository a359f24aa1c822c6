package dev.brisk.bench.compare;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The generated section replaces only what lies between its markers. */
class CompareReportTest {

    private static final String SECTION = CompareReport.BEGIN + "\nnew numbers\n" + CompareReport.END;

    @Test
    void replacesTheSectionAndKeepsHandWrittenTextAroundIt() {
        String file = "# Brisk performance\n\n## JMH\n\nhand-written before\n\n" + CompareReport.BEGIN
                + "\nold numbers\n" + CompareReport.END + "\n\n## More JMH\n\nhand-written after\n";
        String merged = CompareReport.merge(file, SECTION);
        assertThat(merged)
                .isEqualTo("# Brisk performance\n\n## JMH\n\nhand-written before\n\n" + SECTION
                        + "\n\n## More JMH\n\nhand-written after\n");
        // idempotent: regenerating twice changes nothing else
        assertThat(CompareReport.merge(merged, SECTION)).isEqualTo(merged);
    }

    @Test
    void appendsTheSectionToAFileWithoutMarkers() {
        assertThat(CompareReport.merge("# Perf\n\nJMH: 3 ns/op\n", SECTION))
                .isEqualTo("# Perf\n\nJMH: 3 ns/op\n\n" + SECTION + "\n");
        assertThat(CompareReport.merge("# Perf", SECTION)).isEqualTo("# Perf\n\n" + SECTION + "\n");
    }

    @Test
    void createsTheFileWithAnIntro() {
        String created = CompareReport.merge(null, SECTION);
        assertThat(created)
                .startsWith("# Brisk performance\n")
                .contains("outside the markers")
                .endsWith(SECTION + "\n");
    }

    @Test
    void anEndMarkerBeforeTheBeginMarkerIsNotASection() {
        String file = CompareReport.END + "\nstray\n";
        assertThat(CompareReport.merge(file, SECTION)).isEqualTo(file + "\n" + SECTION + "\n");
    }
}
