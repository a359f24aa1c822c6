package dev.brisk.invoices;

import dev.brisk.platform.ApiException;
import dev.brisk.platform.ApiException.FieldError;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The invoicing rules that need a transaction: an invoice bills one placed order, an order has at
 * most one live invoice that is not VOID, and status changes follow {@link InvoiceStatus#next()}.
 * Row locks (the order for create and restore, the invoice for changes) make the checks hold
 * against concurrent requests.
 */
@Service
class InvoiceService {

    static final int DEFAULT_TERM_DAYS = 30;

    /** Order statuses that can be billed: placed and not cancelled or refunded. */
    private static final Set<String> BILLABLE_ORDER_STATUSES = Set.of("PLACED", "PAID", "SHIPPED");

    private final InvoiceRepository invoices;
    private final TransactionTemplate tx;

    InvoiceService(InvoiceRepository invoices, PlatformTransactionManager transactions) {
        this.invoices = invoices;
        this.tx = new TransactionTemplate(transactions);
    }

    InvoiceView create(long orgId, long orderId, InvoiceStatus status, LocalDate dueDate) {
        return tx.execute(s -> {
            InvoiceRepository.OrderFacts order = invoices.lockOrder(orgId, orderId)
                    .filter(o -> !o.deleted())
                    .orElseThrow(() -> new ApiException(
                            HttpStatus.NOT_FOUND,
                            "Order not found",
                            List.of(new FieldError("orderId", "no such order"))));
            if (!BILLABLE_ORDER_STATUSES.contains(order.status())) {
                throw conflict("orderId", "The order is " + order.status() + "; only a placed order can be invoiced");
            }
            if (invoices.hasBillingInvoice(orgId, orderId, 0)) {
                throw conflict("orderId", "The order already has an invoice; void or delete it first");
            }
            return invoices.insert(orgId, order, invoices.nextNumber(orgId), status, dueDate);
        });
    }

    /** Empty when there is no such live invoice. */
    Optional<InvoiceView> update(long orgId, long id, InvoiceStatus status, LocalDate dueDate) {
        return tx.execute(s -> invoices.lock(orgId, id, false).map(current -> {
            InvoiceStatus from = InvoiceStatus.valueOf(current.status());
            if (status == null && dueDate == null) {
                return current;
            }
            if (status != null && !from.canBecome(status)) {
                throw conflict(
                        "status",
                        from == status
                                ? "The invoice is already " + from
                                : "An invoice cannot go from " + from + " to " + status
                                        + (from.next().isEmpty()
                                                ? " (" + from + " is final)"
                                                : "; allowed: " + from.next()));
            }
            if (dueDate != null && !from.dueDateEditable()) {
                throw conflict("dueDate", "The due date of a " + from + " invoice cannot change");
            }
            // The row is locked, so the expected status still holds; the condition is a second guard.
            return invoices.update(orgId, id, from, status, dueDate)
                    .orElseThrow(() -> ApiException.conflict("The invoice changed concurrently; try again"));
        }));
    }

    boolean delete(long orgId, long id) {
        return invoices.softDelete(orgId, id);
    }

    /** Empty when there is no such deleted invoice. */
    Optional<InvoiceView> restore(long orgId, long id) {
        return tx.execute(s -> {
            // The order row is locked before the invoice row (create locks only the order row),
            // so restores and creates on one order queue behind each other instead of deadlocking.
            Optional<Long> orderId = invoices.orderOfDeleted(orgId, id);
            if (orderId.isEmpty()) {
                return Optional.<InvoiceView>empty();
            }
            if (invoices.lockOrder(orgId, orderId.get())
                    .map(InvoiceRepository.OrderFacts::deleted)
                    .orElse(true)) {
                throw conflict("orderId", "The invoice's order is deleted; restore the order first");
            }
            return invoices.lock(orgId, id, true).map(deleted -> {
                if (!InvoiceStatus.VOID.name().equals(deleted.status())
                        && invoices.hasBillingInvoice(orgId, deleted.orderId(), id)) {
                    throw conflict("id", "The order has another live invoice; void or delete it first");
                }
                return invoices.restore(orgId, id).orElseThrow();
            });
        });
    }

    private static ApiException conflict(String field, String detail) {
        return new ApiException(HttpStatus.CONFLICT, detail, List.of(new FieldError(field, detail)));
    }
}
