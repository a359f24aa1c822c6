package dev.brisk.invoices;

import dev.brisk.customers.CustomerSearch;
import dev.brisk.platform.CustomPlans;
import dev.brisk.platform.ListQuery;
import dev.brisk.platform.OrgTable;
import dev.brisk.platform.Page;
import dev.brisk.platform.Rows;
import dev.brisk.platform.SqlWhere;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for invoices and the few facts about orders that invoicing needs; every statement is org-scoped. */
@Repository
class InvoiceRepository {

    private static final String COLUMNS = """
            t.id, t.number, t.order_id, t.customer_id, t.status, t.amount, t.issued_at, t.due_date, t.paid_at,
            t.created_at, t.updated_at""";

    private static final RowMapper<InvoiceView> ROW = (rs, i) -> new InvoiceView(
            rs.getLong("id"),
            rs.getLong("number"),
            rs.getLong("order_id"),
            rs.getLong("customer_id"),
            rs.getString("status"),
            rs.getLong("amount"),
            Rows.instant(rs, "issued_at"),
            rs.getObject("due_date", LocalDate.class),
            Rows.instant(rs, "paid_at"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "updated_at"));

    /** What an invoice takes from its order. */
    record OrderFacts(long id, long customerId, String status, long total, boolean deleted) {}

    private final JdbcClient jdbc;
    private final OrgTable<InvoiceView> table;

    InvoiceRepository(JdbcClient jdbc, CustomPlans plans) {
        this.jdbc = jdbc;
        this.table = new OrgTable<>(jdbc, plans, "invoices", COLUMNS, ROW);
    }

    Page<InvoiceView> list(long orgId, ListQuery query, InvoiceFilters.Parsed filters) {
        SqlWhere where = query.where(orgId);
        if (filters.dueFrom() != null) {
            where.and("t.due_date >= :dueFrom", "dueFrom", filters.dueFrom());
        }
        if (filters.dueBefore() != null) {
            where.and("t.due_date < :dueBefore", "dueBefore", filters.dueBefore());
        }
        if (filters.customerId() != null) {
            where.and("t.customer_id = :customerId", "customerId", filters.customerId());
        }
        if (filters.orderId() != null) {
            where.and("t.order_id = :orderId", "orderId", filters.orderId());
        }
        return table.list(query, query.search(where, CustomerSearch.BY_NAME));
    }

    Optional<InvoiceView> find(long orgId, long id) {
        return table.find(orgId, id);
    }

    /** Locks the invoice row (live or deleted, as asked) until the transaction ends. */
    Optional<InvoiceView> lock(long orgId, long id, boolean deleted) {
        return jdbc.sql("""
                SELECT %s FROM invoices t
                WHERE t.id = :id AND t.org_id = :orgId AND (t.deleted_at IS NOT NULL) = :deleted
                FOR UPDATE
                """.formatted(COLUMNS))
                .param("id", id)
                .param("orgId", orgId)
                .param("deleted", deleted)
                .query(ROW)
                .optional();
    }

    /** The order of a soft-deleted invoice, read without a lock. */
    Optional<Long> orderOfDeleted(long orgId, long id) {
        return jdbc.sql("""
                SELECT t.order_id FROM invoices t
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NOT NULL
                """)
                .param("id", id)
                .param("orgId", orgId)
                .query(Long.class)
                .optional();
    }

    /**
     * Locks the order row until the transaction ends. Everything that can make an invoice live and
     * not void (create, restore) takes this lock first, so "one such invoice per order" holds
     * under concurrency.
     */
    Optional<OrderFacts> lockOrder(long orgId, long orderId) {
        return jdbc.sql("""
                SELECT o.id, o.customer_id, o.status, o.total, o.deleted_at IS NOT NULL AS deleted
                FROM orders o
                WHERE o.id = :id AND o.org_id = :orgId
                FOR UPDATE
                """)
                .param("id", orderId)
                .param("orgId", orgId)
                .query((rs, i) -> new OrderFacts(
                        rs.getLong("id"),
                        rs.getLong("customer_id"),
                        rs.getString("status"),
                        rs.getLong("total"),
                        rs.getBoolean("deleted")))
                .optional();
    }

    /** Whether the order has a live invoice that is not VOID, other than {@code exceptId}. */
    boolean hasBillingInvoice(long orgId, long orderId, long exceptId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM invoices
                               WHERE org_id = :orgId AND order_id = :orderId AND deleted_at IS NULL
                                 AND status <> 'VOID' AND id <> :exceptId)
                """)
                .param("orgId", orgId)
                .param("orderId", orderId)
                .param("exceptId", exceptId)
                .query(Boolean.class)
                .single();
    }

    /** The org's next invoice number; the counter row stays locked until the transaction ends. */
    long nextNumber(long orgId) {
        return jdbc.sql("""
                INSERT INTO org_counters (org_id, name, value) VALUES (:orgId, 'invoice', 1)
                ON CONFLICT (org_id, name) DO UPDATE SET value = org_counters.value + 1
                RETURNING value
                """).param("orgId", orgId).query(Long.class).single();
    }

    /** A null {@code dueDate} means 30 days after today (UTC, the database's clock, like created_at). */
    InvoiceView insert(long orgId, OrderFacts order, long number, InvoiceStatus status, LocalDate dueDate) {
        return jdbc.sql("""
                INSERT INTO invoices AS t (org_id, order_id, customer_id, number, status, amount, issued_at, due_date)
                VALUES (:orgId, :orderId, :customerId, :number, :status, :amount,
                        CASE WHEN :sent THEN clock_timestamp() END,
                        coalesce(:dueDate, (clock_timestamp() AT TIME ZONE 'UTC')::date + :termDays))
                RETURNING %s
                """.formatted(COLUMNS))
                .param("orgId", orgId)
                .param("orderId", order.id())
                .param("customerId", order.customerId())
                .param("number", number)
                .param("status", status.name())
                .param("amount", order.total())
                .param("sent", status == InvoiceStatus.SENT)
                .param("dueDate", dueDate, java.sql.Types.DATE)
                .param("termDays", InvoiceService.DEFAULT_TERM_DAYS)
                .query(ROW)
                .single();
    }

    /**
     * Moves a live invoice from {@code expected} to {@code status} (null: keep it) and sets its due
     * date (null: keep it). Matches nothing if the status is no longer {@code expected}.
     */
    Optional<InvoiceView> update(long orgId, long id, InvoiceStatus expected, InvoiceStatus status, LocalDate dueDate) {
        return jdbc.sql("""
                UPDATE invoices t SET
                    status = coalesce(:status, t.status),
                    issued_at = CASE WHEN :toSent THEN clock_timestamp() ELSE t.issued_at END,
                    paid_at = CASE WHEN :toPaid THEN clock_timestamp() ELSE t.paid_at END,
                    due_date = coalesce(:dueDate, t.due_date),
                    updated_at = clock_timestamp()
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NULL AND t.status = :expected
                RETURNING %s
                """.formatted(COLUMNS))
                .param("status", status == null ? null : status.name(), java.sql.Types.VARCHAR)
                .param("toSent", status == InvoiceStatus.SENT)
                .param("toPaid", status == InvoiceStatus.PAID)
                .param("dueDate", dueDate, java.sql.Types.DATE)
                .param("id", id)
                .param("orgId", orgId)
                .param("expected", expected.name())
                .query(ROW)
                .optional();
    }

    boolean softDelete(long orgId, long id) {
        return table.softDelete(orgId, id);
    }

    Optional<InvoiceView> restore(long orgId, long id) {
        return table.restore(orgId, id);
    }
}
