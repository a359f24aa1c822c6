package dev.brisk.invoices;

import dev.brisk.platform.ApiException;
import dev.brisk.platform.DateRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The list filters only invoices have, bound as strings like {@link dev.brisk.platform.ListParams}
 * so that every bad value gets a problem+json answer naming the parameter.
 *
 * @param dueFrom lower bound on the due date (ISO date, inclusive)
 * @param dueTo upper bound on the due date (ISO date, inclusive: "to March 31" includes March 31)
 * @param customerId only this customer's invoices
 * @param orderId only this order's invoices
 */
record InvoiceFilters(String dueFrom, String dueTo, String customerId, String orderId) {

    /**
     * Validated filters. {@code dueFrom} is inclusive and {@code dueBefore} exclusive, both as
     * dates, because {@code due_date} is a date column.
     */
    record Parsed(LocalDate dueFrom, LocalDate dueBefore, Long customerId, Long orderId) {}

    Parsed parse() {
        DateRange due = DateRange.parse("due", dueFrom, dueTo);
        return new Parsed(
                due == null ? null : firstDayFrom(due.from()),
                due == null ? null : firstDayFrom(due.to()),
                id("customerId", customerId),
                id("orderId", orderId));
    }

    /**
     * The earliest date whose start (midnight UTC, as {@link DateRange} reads dates) is at or after
     * {@code instant}: a date-only bound maps back to itself, a date-time bound to the next whole day.
     */
    static LocalDate firstDayFrom(Instant instant) {
        if (instant == null) {
            return null;
        }
        LocalDate day = LocalDate.ofInstant(instant, ZoneOffset.UTC);
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(instant) ? day.plusDays(1) : day;
    }

    private static Long id(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badField(name, "must be a whole number");
        }
    }
}
