package dev.brisk.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InvoiceStatusTest {

    @Test
    void transitionsFollowTheInvoiceLife() {
        assertThat(InvoiceStatus.DRAFT.next()).containsExactlyInAnyOrder(InvoiceStatus.SENT, InvoiceStatus.VOID);
        assertThat(InvoiceStatus.SENT.next())
                .containsExactlyInAnyOrder(InvoiceStatus.PAID, InvoiceStatus.OVERDUE, InvoiceStatus.VOID);
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
}
