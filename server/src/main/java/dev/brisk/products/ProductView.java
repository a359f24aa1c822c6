package dev.brisk.products;

import dev.brisk.platform.KeysetRow;
import java.time.Instant;

/** A product as the API shows it; {@code price} is in minor units of the org's currency. */
record ProductView(
        long id, String sku, String name, long price, String status, int stock, Instant createdAt, Instant updatedAt)
        implements KeysetRow {}
