package dev.brisk.invoices;

import dev.brisk.support.Fixtures;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Inserts products, orders and order items straight into the database, so the invoice tests do
 * not depend on the orders API. The total is computed from the items as the orders API would.
 */
final class OrderRows {

    private final JdbcClient jdbc;

    OrderRows(Fixtures fixtures) {
        this.jdbc = fixtures.jdbc();
    }

    long product(long orgId, long price) {
        return jdbc.sql("""
                INSERT INTO products (org_id, sku, name, price, stock)
                VALUES (:org, 'SKU-' || gen_random_uuid(), 'Widget', :price, 100) RETURNING id
                """)
                .param("org", orgId)
                .param("price", price)
                .query(Long.class)
                .single();
    }

    /** An order of {@code quantity} × a new product at {@code unitPrice}, in the given status. */
    long order(long orgId, long customerId, String status, int quantity, long unitPrice) {
        long productId = product(orgId, unitPrice);
        long number = jdbc.sql("""
                INSERT INTO org_counters (org_id, name, value) VALUES (:org, 'order', 1)
                ON CONFLICT (org_id, name) DO UPDATE SET value = org_counters.value + 1 RETURNING value
                """).param("org", orgId).query(Long.class).single();
        boolean placed = !status.equals("DRAFT") && !status.equals("CANCELLED");
        long orderId = jdbc.sql("""
                INSERT INTO orders (org_id, customer_id, number, status, total, placed_at)
                VALUES (:org, :customer, :number, :status, :total, CASE WHEN :placed THEN clock_timestamp() END)
                RETURNING id
                """)
                .param("org", orgId)
                .param("customer", customerId)
                .param("number", number)
                .param("status", status)
                .param("total", quantity * unitPrice)
                .param("placed", placed)
                .query(Long.class)
                .single();
        jdbc.sql("""
                INSERT INTO order_items (org_id, order_id, product_id, quantity, unit_price)
                VALUES (:org, :order, :product, :quantity, :price)
                """)
                .param("org", orgId)
                .param("order", orderId)
                .param("product", productId)
                .param("quantity", quantity)
                .param("price", unitPrice)
                .update();
        return orderId;
    }

    long placed(long orgId, long customerId) {
        return order(orgId, customerId, "PLACED", 3, 1_400);
    }

    void softDelete(long orderId) {
        jdbc.sql("UPDATE orders SET deleted_at = clock_timestamp() WHERE id = :id")
                .param("id", orderId)
                .update();
    }

    long invoiceCount(long orgId) {
        return jdbc.sql("SELECT count(*) FROM invoices WHERE org_id = :org")
                .param("org", orgId)
                .query(Long.class)
                .single();
    }
}
