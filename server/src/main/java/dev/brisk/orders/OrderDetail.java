package dev.brisk.orders;

import dev.brisk.platform.KeysetRow;
import java.time.Instant;
import java.util.List;

/** One order with its live items, as get, create and PATCH answer. */
record OrderDetail(
        long id,
        long number,
        long customerId,
        String status,
        long total,
        Instant placedAt,
        Instant createdAt,
        Instant updatedAt,
        List<OrderItemView> items)
        implements KeysetRow {}
