package dev.brisk.platform;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * A half-open time range {@code [from, to)} from two query parameters. Each side is an ISO date
 * ({@code 2026-03-01}, read in UTC) or an ISO date-time with offset; a date as the upper bound
 * includes that whole day, which is what people mean by "to March 31".
 */
public record DateRange(Instant from, Instant to) {

    // Years 1..9999: what every layer (java.sql.Timestamp, PostgreSQL date and timestamptz) holds.
    private static final Instant MIN = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("+10000-01-02T00:00:00Z");

    public static DateRange parse(String name, String from, String to) {
        Instant start = from == null || from.isBlank() ? null : parse(name + "From", from, false);
        Instant end = to == null || to.isBlank() ? null : parse(name + "To", to, true);
        if (start != null && end != null && !start.isBefore(end)) {
            throw ApiException.badField(name + "To", "must be after " + name + "From");
        }
        return start == null && end == null ? null : new DateRange(start, end);
    }

    private static Instant parse(String param, String text, boolean upper) {
        if (text.length() > 40) {
            throw ApiException.badField(param, "is not an ISO date or date-time");
        }
        Instant instant;
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                instant = (upper ? day.plusDays(1) : day)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            } else {
                instant = OffsetDateTime.parse(text).toInstant();
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ApiException.badField(param, "is not an ISO date (2026-03-01) or date-time (2026-03-01T12:00:00Z)");
        }
        if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
            throw ApiException.badField(param, "must lie between the years 1 and 9999");
        }
        return instant;
    }
}
