package dev.brisk.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * A cache key: namespace, the organization the value belongs to ({@code null} for values that
 * belong to no organization, e.g. a token lookup before the org is known) and the parts that
 * identify the value within them.
 *
 * <p>The rendered form is {@code <namespace>:<org|->:<hash>}, where the hash is SHA-256 over the
 * parts (each length-prefixed, so {@code ("ab","c")} and {@code ("a","bc")} differ), base64url,
 * truncated to 144 bits (24 characters). User input therefore never appears in a Redis key, and
 * two organizations never share a key.
 */
public record CacheKey(CacheNamespace namespace, Long orgId, List<String> parts) {

    static final String NO_ORG = "-";
    private static final int HASH_BYTES = 18;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final MessageDigest SHA256_PROTOTYPE;

    static {
        try {
            SHA256_PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public CacheKey {
        Objects.requireNonNull(namespace, "namespace");
        if (parts == null || parts.isEmpty()) {
            throw new IllegalArgumentException("A cache key needs at least one part");
        }
        parts = List.copyOf(parts);
    }

    /** A key for a value of organization {@code orgId}. Parts are turned into text with {@link String#valueOf(Object)}. */
    public static CacheKey of(CacheNamespace namespace, long orgId, Object... parts) {
        return new CacheKey(namespace, orgId, texts(parts));
    }

    /** A key for a value that belongs to no organization. */
    public static CacheKey global(CacheNamespace namespace, Object... parts) {
        return new CacheKey(namespace, null, texts(parts));
    }

    /** A copy with {@code first} put before the parts (the Spring adapter adds the cache name this way). */
    CacheKey prepend(String first) {
        List<String> all = new ArrayList<>(parts.size() + 1);
        all.add(first);
        all.addAll(parts);
        return new CacheKey(namespace, orgId, all);
    }

    /** {@code <namespace>:<org|->:<hash>}, as stored in every tier and in Redis. */
    public String render() {
        MessageDigest md = sha256();
        byte[] length = new byte[4];
        for (String part : parts) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            int n = bytes.length;
            length[0] = (byte) (n >>> 24);
            length[1] = (byte) (n >>> 16);
            length[2] = (byte) (n >>> 8);
            length[3] = (byte) n;
            md.update(length);
            md.update(bytes);
        }
        return prefix(namespace, orgId) + B64.encodeToString(Arrays.copyOf(md.digest(), HASH_BYTES));
    }

    /** The start of every rendered key of this namespace and organization: {@code <namespace>:<org|->:}. */
    public static String prefix(CacheNamespace namespace, Long orgId) {
        return namespace.prefix() + ':' + (orgId == null ? NO_ORG : orgId.toString()) + ':';
    }

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            try {
                return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    private static List<String> texts(Object[] parts) {
        List<String> texts = new ArrayList<>(parts.length);
        for (Object part : parts) {
            texts.add(String.valueOf(part));
        }
        return texts;
    }
}
