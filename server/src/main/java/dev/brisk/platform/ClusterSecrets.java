package dev.brisk.platform;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The keys Brisk signs with, derived from one random secret kept in the database
 * ({@code cluster_secrets}): the first node to start generates it, every later node of the same
 * database reads it, so cursors and Redis MACs agree across nodes with no configuration. An
 * explicit setting ({@code BRISK_CURSOR_SECRET}, {@code BRISK_CACHE_MAC_KEY}) overrides the derived
 * key. Nothing here is ever logged.
 */
public final class ClusterSecrets {

    private static final Logger log = LoggerFactory.getLogger(ClusterSecrets.class);
    private static final String NAME = "cluster";

    private final byte[] cursorKey;
    private final byte[] redisMacKey;

    public ClusterSecrets(JdbcClient jdbc, String cursorSecret, String redisMacKey) {
        byte[] cluster = loadOrCreate(jdbc);
        this.cursorKey = explicit(cursorSecret) ? utf8(cursorSecret) : derive(cluster, "cursor");
        this.redisMacKey = explicit(redisMacKey) ? utf8(redisMacKey) : derive(cluster, "redis-mac");
        log.info(
                "Signing keys: cursors {}, Redis entries {}",
                explicit(cursorSecret) ? "from BRISK_CURSOR_SECRET" : "from the cluster secret",
                explicit(redisMacKey) ? "from BRISK_CACHE_MAC_KEY" : "from the cluster secret");
    }

    /** Signs list cursors. */
    public byte[] cursorKey() {
        return cursorKey.clone();
    }

    /** MACs every value Brisk writes to Redis. */
    public byte[] redisMacKey() {
        return redisMacKey.clone();
    }

    private static byte[] loadOrCreate(JdbcClient jdbc) {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        // two nodes starting together: one insert wins, both read the winner
        jdbc.sql("INSERT INTO cluster_secrets (name, secret) VALUES (:name, :secret) ON CONFLICT (name) DO NOTHING")
                .param("name", NAME)
                .param("secret", fresh)
                .update();
        return jdbc.sql("SELECT secret FROM cluster_secrets WHERE name = :name")
                .param("name", NAME)
                .query((rs, i) -> rs.getBytes(1))
                .single();
    }

    private static boolean explicit(String value) {
        return value != null && !value.isBlank();
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** HMAC-SHA256(secret, purpose): one independent key per use of the one stored secret. */
    static byte[] derive(byte[] secret, String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(utf8("brisk:" + purpose));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
