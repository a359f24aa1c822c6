package dev.brisk.orders;

import dev.brisk.customers.CustomerSearch;
import dev.brisk.platform.CustomPlans;
import dev.brisk.platform.DateRange;
import dev.brisk.platform.ListQuery;
import dev.brisk.platform.OrgTable;
import dev.brisk.platform.Page;
import dev.brisk.platform.Rows;
import dev.brisk.platform.SqlWhere;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for orders and their items. Every statement is scoped by {@code org_id = :orgId}; items are
 * read and written in one statement per order, never one per item.
 *
 * <p>Deleting an order leaves its items alone: they are only reachable through the order, so a
 * deleted order hides them and a restored one brings them back as they were. Items carry their
 * own {@code deleted_at} for the lines an order no longer has after its items were replaced.
 */
@Repository
class OrderRepository {

    private static final String COLUMNS =
            "t.id, t.number, t.customer_id, t.status, t.total, t.placed_at, t.created_at, t.updated_at";

    private static final RowMapper<OrderView> ROW = (rs, i) -> order(rs);

    /** A product as an order needs it: live in the caller's org, with its current price. */
    record ProductRow(long id, String sku, String name, long price, String status) {}

    /** A priced line ready to insert. */
    record Line(long productId, String sku, String name, int quantity, long unitPrice) {}

    private final JdbcClient jdbc;
    private final OrgTable<OrderView> table;

    OrderRepository(JdbcClient jdbc, CustomPlans plans) {
        this.jdbc = jdbc;
        this.table = new OrgTable<>(jdbc, plans, "orders", COLUMNS, ROW);
    }

    Page<OrderView> list(long orgId, ListQuery query, DateRange placed, Long customerId) {
        SqlWhere where = query.where(orgId);
        where.range("t.placed_at", "placed", placed);
        if (customerId != null) {
            where.and("t.customer_id = :customerId", "customerId", customerId);
        }
        return table.list(query, query.search(where, CustomerSearch.BY_NAME));
    }

    /** The order and its live items in one round trip (one snapshot, so total and items agree). */
    Optional<OrderDetail> findDetail(long orgId, long id) {
        return jdbc.sql("""
                SELECT %s,
                       i.id AS item_id, i.product_id, i.quantity, i.unit_price, p.sku, p.name
                FROM orders t
                LEFT JOIN order_items i ON i.org_id = t.org_id AND i.order_id = t.id AND i.deleted_at IS NULL
                LEFT JOIN products p ON p.org_id = i.org_id AND p.id = i.product_id
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NULL
                ORDER BY i.id
                """.formatted(COLUMNS))
                .param("id", id)
                .param("orgId", orgId)
                .query(rs -> {
                    if (!rs.next()) {
                        return Optional.<OrderDetail>empty();
                    }
                    OrderView order = order(rs);
                    List<OrderItemView> items = new ArrayList<>();
                    do {
                        long itemId = rs.getLong("item_id");
                        if (!rs.wasNull()) {
                            items.add(item(
                                    itemId,
                                    rs.getLong("product_id"),
                                    rs.getString("sku"),
                                    rs.getString("name"),
                                    rs.getInt("quantity"),
                                    rs.getLong("unit_price")));
                        }
                    } while (rs.next());
                    return Optional.of(order.withItems(List.copyOf(items)));
                });
    }

    /** Locks the live order row until the transaction ends, so concurrent changes queue behind each other. */
    Optional<OrderView> lock(long orgId, long id) {
        return jdbc.sql("""
                SELECT %s FROM orders t
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NULL
                FOR UPDATE
                """.formatted(COLUMNS))
                .param("id", id)
                .param("orgId", orgId)
                .query(ROW)
                .optional();
    }

    boolean customerExists(long orgId, long customerId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM customers
                               WHERE id = :id AND org_id = :orgId AND deleted_at IS NULL)
                """)
                .param("id", customerId)
                .param("orgId", orgId)
                .query(Boolean.class)
                .single();
    }

    /** The caller's live products among {@code ids}, in one query whatever the number of items. */
    Map<Long, ProductRow> products(long orgId, Long[] ids) {
        Map<Long, ProductRow> found = new HashMap<>();
        jdbc.sql("""
                SELECT id, sku, name, price, status FROM products
                WHERE org_id = :orgId AND id = ANY (CAST(:ids AS bigint[])) AND deleted_at IS NULL
                """)
                .param("orgId", orgId)
                .param("ids", ids)
                .query((rs, i) -> new ProductRow(
                        rs.getLong("id"),
                        rs.getString("sku"),
                        rs.getString("name"),
                        rs.getLong("price"),
                        rs.getString("status")))
                .list()
                .forEach(p -> found.put(p.id(), p));
        return found;
    }

    /** The org's next order number. The counter row stays locked until commit, so numbers never repeat or skip. */
    long nextNumber(long orgId) {
        return jdbc.sql("""
                INSERT INTO org_counters (org_id, name, value) VALUES (:orgId, 'order', 1)
                ON CONFLICT (org_id, name) DO UPDATE SET value = org_counters.value + 1
                RETURNING value
                """).param("orgId", orgId).query(Long.class).single();
    }

    OrderView insert(long orgId, long customerId, long number, OrderStatus status, long total) {
        return jdbc.sql("""
                INSERT INTO orders AS t (org_id, customer_id, number, status, total, placed_at)
                VALUES (:orgId, :customerId, :number, :status, :total,
                        CASE WHEN :status = 'PLACED' THEN clock_timestamp() END)
                RETURNING %s
                """.formatted(COLUMNS))
                .param("orgId", orgId)
                .param("customerId", customerId)
                .param("number", number)
                .param("status", status.name())
                .param("total", total)
                .query(ROW)
                .single();
    }

    /** Inserts all lines in one statement; returns them in the given order with their new ids. */
    List<OrderItemView> insertItems(long orgId, long orderId, List<Line> lines) {
        Long[] productIds = lines.stream().map(Line::productId).toArray(Long[]::new);
        Integer[] quantities = lines.stream().map(Line::quantity).toArray(Integer[]::new);
        Long[] prices = lines.stream().map(Line::unitPrice).toArray(Long[]::new);
        List<Long> ids = jdbc.sql("""
                INSERT INTO order_items (org_id, order_id, product_id, quantity, unit_price)
                SELECT :orgId, :orderId, x.product_id, x.quantity, x.unit_price
                FROM unnest(CAST(:productIds AS bigint[]), CAST(:quantities AS integer[]), CAST(:prices AS bigint[]))
                     WITH ORDINALITY AS x (product_id, quantity, unit_price, n)
                ORDER BY x.n
                RETURNING id
                """)
                .param("orgId", orgId)
                .param("orderId", orderId)
                .param("productIds", productIds)
                .param("quantities", quantities)
                .param("prices", prices)
                .query(Long.class)
                .list();
        // identities are drawn in insertion order, which ORDER BY x.n fixes to the order of the lines
        List<Long> sorted = ids.stream().sorted().toList();
        List<OrderItemView> items = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            items.add(item(sorted.get(i), l.productId(), l.sku(), l.name(), l.quantity(), l.unitPrice()));
        }
        return items;
    }

    void deleteItems(long orgId, long orderId) {
        jdbc.sql("""
                UPDATE order_items SET deleted_at = clock_timestamp(), updated_at = clock_timestamp()
                WHERE org_id = :orgId AND order_id = :orderId AND deleted_at IS NULL
                """).param("orgId", orgId).param("orderId", orderId).update();
    }

    /**
     * Writes a new status and/or total. {@code expected} is the status read under the row lock; the
     * condition makes the write a no-op (and the caller a loser) should the lock ever be skipped.
     */
    Optional<OrderView> update(long orgId, long id, OrderStatus expected, OrderStatus status, long total) {
        return jdbc.sql("""
                UPDATE orders t SET
                    status = :status,
                    total = :total,
                    placed_at = CASE WHEN :status = 'PLACED' AND t.status <> 'PLACED' THEN clock_timestamp()
                                     ELSE t.placed_at END,
                    updated_at = clock_timestamp()
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NULL AND t.status = :expected
                RETURNING %s
                """.formatted(COLUMNS))
                .param("status", status.name())
                .param("total", total)
                .param("expected", expected.name())
                .param("id", id)
                .param("orgId", orgId)
                .query(ROW)
                .optional();
    }

    boolean softDelete(long orgId, long id) {
        return table.softDelete(orgId, id);
    }

    /** Restores a deleted order whose customer is live (the customer row is share-locked meanwhile). */
    boolean restore(long orgId, long id) {
        return jdbc.sql("""
                UPDATE orders o SET deleted_at = NULL, updated_at = clock_timestamp()
                WHERE o.id = :id AND o.org_id = :orgId AND o.deleted_at IS NOT NULL
                  AND EXISTS (SELECT 1 FROM customers c
                              WHERE c.id = o.customer_id AND c.org_id = o.org_id AND c.deleted_at IS NULL
                              FOR SHARE)
                """).param("id", id).param("orgId", orgId).update() > 0;
    }

    /** True when the order is deleted and so is its customer: why {@link #restore} changed nothing. */
    boolean deletedWithItsCustomer(long orgId, long id) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM orders o JOIN customers c ON c.id = o.customer_id AND c.org_id = o.org_id
                               WHERE o.id = :id AND o.org_id = :orgId AND o.deleted_at IS NOT NULL
                                 AND c.deleted_at IS NOT NULL)
                """)
                .param("id", id)
                .param("orgId", orgId)
                .query(Boolean.class)
                .single();
    }

    private static OrderView order(ResultSet rs) throws SQLException {
        return new OrderView(
                rs.getLong("id"),
                rs.getLong("number"),
                rs.getLong("customer_id"),
                rs.getString("status"),
                rs.getLong("total"),
                Rows.instant(rs, "placed_at"),
                Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }

    /** Lines written through the API passed an exact overflow check, so the product fits in a long. */
    private static OrderItemView item(long id, long productId, String sku, String name, int quantity, long unitPrice) {
        return new OrderItemView(id, productId, sku, name, quantity, unitPrice, quantity * unitPrice);
    }
}
