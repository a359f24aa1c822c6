package dev.brisk.cache.internal;

import dev.brisk.cache.CacheKey;
import dev.brisk.cache.CacheNamespace;
import org.jspecify.annotations.Nullable;

/** What a clear covers: a whole namespace ({@code orgId} null) or one organization's part of it. */
record Scope(CacheNamespace namespace, @Nullable Long orgId) {

    /** The rendered-key prefix of every entry in this scope. */
    String prefix() {
        return orgId == null ? namespace.prefix() + ":" : CacheKey.prefix(namespace, orgId);
    }
}
