package dev.brisk.customers;

import dev.brisk.platform.KeysetRow;
import java.time.Instant;

record CustomerView(
        long id,
        String name,
        String email,
        String phone,
        String company,
        String status,
        Instant createdAt,
        Instant updatedAt)
        implements KeysetRow {}
