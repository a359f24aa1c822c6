package dev.brisk.orders;

import dev.brisk.platform.KeysetRow;
import java.time.Instant;
import java.util.List;

/** An order as lists show it: no items. {@code total} is in minor units. */
record OrderView(
        long id,
        long number,
        long customerId,
        String status,
        long total,
        Instant placedAt,
        Instant createdAt,
        Instant updatedAt)
        implements KeysetRow {

    OrderDetail withItems(List<OrderItemView> items) {
        return new OrderDetail(id, number, customerId, status, total, placedAt, createdAt, updatedAt, items);
    }
}
