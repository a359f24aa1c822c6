package dev.brisk.cache.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class CodecTest {

    record Session(long userId, String role, Instant expiresAt) {}

    record Page(List<Session> items, String nextCursor) {}

    private final Codec codec = new Codec(JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build());

    @Test
    void valuesRoundTripWithTheCallersType() {
        Session s = new Session(5, "ADMIN", Instant.parse("2030-01-01T00:00:00Z"));
        byte[] bytes = codec.encode(s, 1234L);

        Codec.Decoded d = codec.decode(bytes, Session.class);
        assertThat(d.value()).isEqualTo(s);
        assertThat(d.absent()).isFalse();
        assertThat(d.expiresAtMillis()).isEqualTo(1234L);
        assertThat(new String(bytes, StandardCharsets.UTF_8))
                .startsWith("{\"x\":1234,\"t\":\"" + Session.class.getName() + "\",\"v\":{");
    }

    @Test
    void genericTypesAndTheNamedType() {
        List<Session> list = List.of(new Session(1, "MEMBER", Instant.EPOCH));
        assertThat(codec.decode(codec.encode(list, 1), new TypeReference<List<Session>>() {})
                        .value())
                .isEqualTo(list);

        Page page = new Page(list, "abc");
        assertThat(codec.decode(codec.encode(page, 1), null).value()).isEqualTo(page); // Spring's typeless get
    }

    @Test
    void absent() {
        Codec.Decoded d = codec.decode(codec.encode(null, 99), String.class);
        assertThat(d.absent()).isTrue();
        assertThat(d.value()).isNull();
        assertThat(d.expiresAtMillis()).isEqualTo(99);
    }

    @Test
    void onlyTrustedClassesAreNamedIntoExistence() {
        byte[] hostile = "{\"x\":1,\"t\":\"org.example.Gadget\",\"v\":{}}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(hostile, null)).hasMessageContaining("untrusted");
        assertThat(codec.decode(codec.encode(Map.of("k", 1), 1), null).value()).isEqualTo(Map.of("k", 1));
    }

    @Test
    void unknownFieldsAreIgnoredSoOldEntriesStayReadable() {
        byte[] older =
                ("{\"x\":1,\"t\":\"x\",\"v\":{\"userId\":3,\"role\":\"ADMIN\",\"expiresAt\":\"2030-01-01T00:00:00Z\","
                                + "\"removedField\":true},\"future\":[1,2]}")
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(codec.decode(older, Session.class).value())
                .isEqualTo(new Session(3, "ADMIN", Instant.parse("2030-01-01T00:00:00Z")));
    }
}
