package dev.brisk.invoices;

import dev.brisk.platform.KeysetRow;
import java.time.Instant;
import java.time.LocalDate;

/** An invoice as the API shows it; {@code amount} is in the org currency's minor units. */
record InvoiceView(
        long id,
        long number,
        long orderId,
        long customerId,
        String status,
        long amount,
        Instant issuedAt,
        LocalDate dueDate,
        Instant paidAt,
        Instant createdAt,
        Instant updatedAt)
        implements KeysetRow {}
