package dev.brisk.cache;

import java.util.Locale;

/** The cache's namespaces; each has its own settings, tiers and statistics. Keys start with {@link #prefix()}. */
public enum CacheNamespace {
    /** Resolved bearer tokens and other authentication lookups. */
    AUTH,
    /** Dashboard summaries per organization. */
    DASHBOARD,
    /** API responses and query results. */
    API;

    private final String prefix = name().toLowerCase(Locale.ROOT);

    /** {@code auth}, {@code dashboard} or {@code api}: the first segment of every rendered key. */
    public String prefix() {
        return prefix;
    }

    /** The namespace whose {@link #prefix()} is {@code prefix} (case-insensitive, a trailing ':' allowed). */
    public static CacheNamespace ofPrefix(String prefix) {
        String p = prefix.endsWith(":") ? prefix.substring(0, prefix.length() - 1) : prefix;
        for (CacheNamespace ns : values()) {
            if (ns.prefix.equalsIgnoreCase(p)) {
                return ns;
            }
        }
        throw new IllegalArgumentException("Unknown cache namespace: " + prefix);
    }
}
