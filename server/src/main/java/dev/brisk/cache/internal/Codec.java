package dev.brisk.cache.internal;

import java.io.ByteArrayOutputStream;
import java.util.List;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Redis form of an entry, one JSON object: {@code {"x":<expires at, epoch ms>,"t":"<class>","v":<value>}},
 * or {@code {"x":…,"a":true}} for "absent". {@code t} lets readers that do not know the type
 * (Spring's {@code Cache.get(key)}) decode it, but only for classes under {@link #TRUSTED_PACKAGES}.
 */
public final class Codec {

    /** A class named in Redis is only instantiated from these packages. */
    static final List<String> TRUSTED_PACKAGES =
            List.of("dev.brisk.", "java.lang.", "java.util.", "java.time.", "java.math.");

    /** What Redis held. {@code value} is null when absent. */
    record Decoded(Object value, boolean absent, long expiresAtMillis) {}

    private final JsonMapper mapper;

    public Codec(JsonMapper mapper) {
        // the value is read from inside the envelope, so the parser has tokens left after it
        this.mapper = mapper.rebuild()
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public JsonMapper mapper() {
        return mapper;
    }

    byte[] encode(Object value, long expiresAtMillis) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = mapper.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberProperty("x", expiresAtMillis);
            if (value == null) {
                g.writeBooleanProperty("a", true);
            } else {
                g.writeStringProperty("t", value.getClass().getName());
                g.writeName("v");
                mapper.writeValue(g, value);
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * @param type what the caller expects ({@link Class}, {@link TypeReference}) or null to trust {@code t}
     */
    Decoded decode(byte[] bytes, Object type) {
        try (JsonParser p = mapper.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a cache entry");
            }
            long expiresAt = 0;
            boolean absent = false;
            String typeName = null;
            Object value = null;
            boolean hasValue = false;
            String name;
            while ((name = p.nextName()) != null) {
                p.nextToken();
                switch (name) {
                    case "x" -> expiresAt = p.getLongValue();
                    case "a" -> absent = p.getBooleanValue();
                    case "t" -> typeName = p.getString();
                    case "v" -> {
                        value = mapper.readValue(p, javaType(type, typeName));
                        hasValue = true;
                    }
                    default -> p.skipChildren();
                }
            }
            if (!absent && !hasValue) {
                throw new IllegalArgumentException("cache entry without value");
            }
            return new Decoded(absent ? null : value, absent, expiresAt);
        }
    }

    JavaType javaType(Object type, String typeName) {
        if (type instanceof Class<?> c) {
            return mapper.constructType(c);
        }
        if (type instanceof TypeReference<?> ref) {
            return mapper.constructType(ref);
        }
        if (typeName == null) {
            throw new IllegalArgumentException("cache entry names no type and the reader gave none");
        }
        if (TRUSTED_PACKAGES.stream().noneMatch(typeName::startsWith)) {
            throw new IllegalArgumentException("untrusted type in cache entry: " + typeName);
        }
        try {
            return mapper.constructType(Class.forName(typeName, false, Codec.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("unknown type in cache entry: " + typeName, e);
        }
    }
}
