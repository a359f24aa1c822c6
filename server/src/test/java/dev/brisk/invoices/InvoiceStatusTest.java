package dev.brisk.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class InvoiceStatusTest {

    @Test
    void transitionsFollowTheInvoiceLife() {
        assertThat(InvoiceStatus.DRAFT.next()).containsExactlyInAnyOrder(InvoiceStatus.SENT, InvoiceStatus.VOID);
        assertThat(InvoiceStatus.SENT.next()).containsExactlyInAnyOrder(InvoiceStatus.PAID, InvoiceStatus.OVERDUE, InvoiceStatus.VOID);
        assertThat(InvoiceStatus.OVERDUE.next()).containsExactlyInAnyOrder(InvoiceStatus.PAID, InvoiceStatus.VOID);
        assertThat(InvoiceStatus.PAID.next()).isEmpty();
        assertThat(InvoiceStatus.VOID.next()).isEmpty();
        for (InvoiceStatus s : InvoiceStatus.values()) {
            assertThat(s.canBecome(s)).as(s + " to itself").isFalse();
            assertThat(s.canBecome(InvoiceStatus.DRAFT)).isFalse();
        }
    }

    @Test
    void dueDateIsEditableUntilPaidOrVoid() {
        assertThat(InvoiceStatus.DRAFT.dueDateEditable()).isTrue();
        assertThat(InvoiceStatus.SENT.dueDateEditable()).isTrue();
        assertThat(InvoiceStatus.OVERDUE.dueDateEditable()).isTrue();
        assertThat(InvoiceStatus.PAID.dueDateEditable()).isFalse();
        assertThat(InvoiceStatus.VOID.dueDateEditable()).isFalse();
    }

    @Test
    void dueBoundsBecomeWholeDays() {
        assertThat(InvoiceFilters.firstDayFrom(Instant.parse("2026-03-01T00:00:00Z"))).isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(InvoiceFilters.firstDayFrom(Instant.parse("2026-03-01T00:00:00.000001Z"))).isEqualTo(LocalDate.parse("2026-03-02"));
        assertThat(InvoiceFilters.firstDayFrom(Instant.parse("2026-02-28T23:00:00Z"))).isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(InvoiceFilters.firstDayFrom(null)).isNull();

        var parsed = new InvoiceFilters("2026-03-01", "2026-03-31", "7", null).parse();
        assertThat(parsed.dueFrom()).isEqualTo(LocalDate.parse("2026-03-01"));
        assertThat(parsed.dueBefore()).isEqualTo(LocalDate.parse("2026-04-01"));
        assertThat(parsed.customerId()).isEqualTo(7L);
        assertThat(parsed.orderId()).isNull();
        assertThat(new InvoiceFilters(null, "", "", "").parse())
                .isEqualTo(new InvoiceFilters.Parsed(null, null, null, null));
    }
}
