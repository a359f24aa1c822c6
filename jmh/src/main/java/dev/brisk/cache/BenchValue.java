package dev.brisk.cache;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The value both caches store in the comparison: a small dashboard-like summary (about 200 bytes
 * of JSON). Serializable because Spring's stock {@code RedisCacheManager} uses JDK serialization.
 */
public record BenchValue(
        long orgId,
        String name,
        long orders,
        BigDecimal revenue,
        String status,
        List<String> topProducts,
        Instant refreshedAt)
        implements Serializable {

    public static BenchValue sample(long orgId) {
        return new BenchValue(
                orgId,
                "Organization " + orgId,
                12_345,
                new BigDecimal("987654.32"),
                "ACTIVE",
                List.of("SKU-1001", "SKU-2002", "SKU-3003"),
                Instant.parse("2026-01-01T00:00:00Z"));
    }
}
