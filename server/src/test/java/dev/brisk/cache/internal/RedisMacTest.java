package dev.brisk.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedisMacTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aSealedValueOpensUnderItsKeyOnlyAndUnchanged() {
        RedisMac mac = new RedisMac(KEY, new SimpleMeterRegistry());
        byte[] value = "{\"role\":\"MEMBER\"}".getBytes(StandardCharsets.UTF_8);
        byte[] sealed = mac.seal("auth:-:abc", value);
        assertThat(mac.open("auth:-:abc", sealed)).isEqualTo(value);

        assertThat(mac.open("auth:-:other", sealed)).as("moved to another key").isNull();
        byte[] edited = sealed.clone();
        edited[edited.length - 3] ^= 1;
        assertThat(mac.open("auth:-:abc", edited)).as("edited").isNull();
        assertThat(mac.open("auth:-:abc", value))
                .as("unsealed, as written by an older version")
                .isNull();
        assertThat(new RedisMac(
                                "another-key-of-32-bytes-length!!".getBytes(StandardCharsets.US_ASCII),
                                new SimpleMeterRegistry())
                        .open("auth:-:abc", sealed))
                .as("another cluster's key")
                .isNull();
        assertThat(mac.rejected()).isEqualTo(3);
        assertThat(mac.open("auth:-:abc", null)).as("no value is no rejection").isNull();
        assertThat(mac.rejected()).isEqualTo(3);
    }
}
