package dev.brisk.auth;

import dev.brisk.cache.CacheKey;
import dev.brisk.cache.CacheNamespace;
import dev.brisk.cache.TieredCache;
import dev.brisk.platform.DatabaseChange;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Resolved tokens in the {@code auth:} namespace, keyed by the token's SHA-256 (never the token).
 * Eviction reaches every node's tiers at once. Besides the API's own evictions (logout, disabling
 * a user, a role change), committed changes to users and sessions from anywhere, psql included,
 * evict the sessions of the users they name; a gap in change notifications clears the namespace.
 */
@Component
class TokenCache {

    private final TieredCache cache;
    private final SessionRepository sessions;

    TokenCache(TieredCache cache, SessionRepository sessions) {
        this.cache = cache;
        this.sessions = sessions;
    }

    Optional<AuthSession> get(byte[] tokenHash, Supplier<Optional<AuthSession>> loader) {
        return cache.get(key(tokenHash), AuthSession.class, loader);
    }

    void evict(Collection<byte[]> tokenHashes) {
        if (!tokenHashes.isEmpty()) {
            cache.evictAll(tokenHashes.stream().map(TokenCache::key).toList());
        }
    }

    /** Drops the cached sessions of these users: after a role or status change, or revocations. */
    void evictUsers(Collection<Long> userIds) {
        if (!userIds.isEmpty()) {
            evict(sessions.unexpiredTokenHashes(userIds));
        }
    }

    @EventListener
    void on(DatabaseChange change) {
        if (change.table() == null || (change.all() && isAuthTable(change.table()))) {
            cache.clear(CacheNamespace.AUTH);
        } else if (isAuthTable(change.table())) {
            evictUsers(change.users());
        }
    }

    private static boolean isAuthTable(String table) {
        return "users".equals(table) || "sessions".equals(table);
    }

    private static CacheKey key(byte[] tokenHash) {
        return CacheKey.global(CacheNamespace.AUTH, "token", HexFormat.of().formatHex(tokenHash));
    }
}
