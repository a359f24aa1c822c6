package dev.brisk.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brisk.platform.ApiException;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class InvoiceFiltersTest {

    @Test
    void dueBoundsBecomeWholeDays() {
        assertThat(InvoiceFilters.firstDayFrom(Instant.parse("2026-03-01T00:00:00Z")))
                .isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(InvoiceFilters.firstDayFrom(Instant.parse("2026-03-01T00:00:00.000001Z")))
                .isEqualTo(LocalDate.parse("2026-03-02"));
        assertThat(InvoiceFilters.firstDayFrom(Instant.parse("2026-02-28T23:00:00Z")))
                .isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(InvoiceFilters.firstDayFrom(null)).isNull();

        var parsed = new InvoiceFilters("2026-03-01", "2026-03-31", "7", null).parse();
        assertThat(parsed.dueFrom()).isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(parsed.dueBefore()).isEqualTo(LocalDate.parse("2026-04-01"));
        assertThat(parsed.customerId()).isEqualTo(7L);
        assertThat(parsed.orderId()).isNull();
        assertThat(new InvoiceFilters(null, "", "", "").parse())
                .isEqualTo(new InvoiceFilters.Parsed(null, null, null, null));
    }

    @Test
    void badIdsNameTheParameter() {
        assertThatThrownBy(() -> new InvoiceFilters(null, null, "abc", null).parse())
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("customerId"));
        assertThatThrownBy(() -> new InvoiceFilters(null, null, null, "99999999999999999999").parse())
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("orderId"));
        assertThatThrownBy(() -> new InvoiceFilters("+999999999-01-01T00:00:00Z", null, null, null).parse())
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("dueFrom"));
    }
}
