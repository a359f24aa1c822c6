package dev.brisk.invoices;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of an invoice: DRAFT → SENT → PAID, with OVERDUE between SENT and PAID and VOID as the
 * way out of any unpaid state. PAID and VOID are final.
 */
public enum InvoiceStatus {
    DRAFT,
    SENT,
    PAID,
    OVERDUE,
    VOID;

    /** The statuses this one may move to; moving to the status it already has is not a transition. */
    Set<InvoiceStatus> next() {
        return switch (this) {
            case DRAFT -> EnumSet.of(SENT, VOID);
            case SENT -> EnumSet.of(PAID, OVERDUE, VOID);
            case OVERDUE -> EnumSet.of(PAID, VOID);
            case PAID, VOID -> EnumSet.noneOf(InvoiceStatus.class);
        };
    }

    boolean canBecome(InvoiceStatus target) {
        return next().contains(target);
    }

    /** Whether the due date may still change: only while the invoice is unpaid and not void. */
    boolean dueDateEditable() {
        return this == DRAFT || this == SENT || this == OVERDUE;
    }
}
