package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteFenceTest {

    static final long ORG = 1;
    static final long WRITER = 10;
    static final long COLLEAGUE = 11;

    @Test
    void theWriterBypassesTheCacheFromItsWriteUntilAChangeIsHeardAfterIt() {
        WriteFence fence = new WriteFence();
        assertThat(fence.bypass(WRITER, ORG)).isFalse();
        fence.heard(ORG);
        fence.writeStarted(WRITER);
        assertThat(fence.bypass(WRITER, ORG)).isTrue();
        assertThat(fence.bypass(COLLEAGUE, ORG)).isFalse(); // sees the write when its notification arrives
        fence.heard(ORG); // an earlier change heard while the write runs does not lift it
        assertThat(fence.bypass(WRITER, ORG)).isTrue();
        fence.writeEnded(WRITER, false);
        assertThat(fence.bypass(WRITER, ORG)).isTrue();
        fence.heard(2); // another org's change
        assertThat(fence.bypass(WRITER, ORG)).isTrue();
        fence.heard(ORG);
        assertThat(fence.bypass(WRITER, ORG)).isFalse();
    }

    @Test
    void aFailedWriteLiftsTheFenceButNotOneOfAnEarlierWrite() {
        WriteFence fence = new WriteFence();
        fence.writeStarted(WRITER);
        fence.writeEnded(WRITER, true);
        assertThat(fence.bypass(WRITER, ORG)).isFalse();

        fence.writeStarted(WRITER);
        fence.writeEnded(WRITER, false);
        fence.writeEnded(WRITER, true); // a concurrent write of the same user that failed
        assertThat(fence.bypass(WRITER, ORG)).isTrue();
    }

    @Test
    void aGapLiftsEveryFence() {
        WriteFence fence = new WriteFence();
        fence.writeStarted(WRITER);
        fence.writeEnded(WRITER, false);
        fence.heardEverything(); // after a gap everything is reloaded anyway
        assertThat(fence.bypass(WRITER, ORG)).isFalse();
    }
}
