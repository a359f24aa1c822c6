package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WriteFenceTest {

    @Test
    void anOrgBypassesTheCacheFromItsWriteUntilAChangeIsHeardAfterIt() {
        WriteFence fence = new WriteFence();
        assertThat(fence.bypass(1)).isFalse();
        fence.heard(1);
        fence.writeStarted(1);
        assertThat(fence.bypass(1)).isTrue();
        fence.heard(1); // an earlier change heard while the write runs does not lift it
        assertThat(fence.bypass(1)).isTrue();
        fence.writeEnded(1);
        assertThat(fence.bypass(1)).isTrue();
        assertThat(fence.bypass(2)).isFalse();
        fence.heard(1);
        assertThat(fence.bypass(1)).isFalse();

        fence.writeStarted(3);
        fence.writeEnded(3);
        fence.heardEverything(); // after a gap everything is reloaded anyway
        assertThat(fence.bypass(3)).isFalse();
    }
}
