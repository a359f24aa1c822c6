package dev.brisk.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Writes dashboard test data for one org straight into the tables, as psql would. */
final class DashboardData {

    static final List<String> ORDER_STATUSES = List.of("DRAFT", "PLACED", "PAID", "SHIPPED", "CANCELLED", "REFUNDED");
    static final List<String> INVOICE_STATUSES = List.of("DRAFT", "SENT", "PAID", "OVERDUE", "VOID");

    private final JdbcClient jdbc;
    private final long org;
    private long nextOrderNumber = 1;
    private long nextInvoiceNumber = 1;

    DashboardData(JdbcClient jdbc, long org) {
        this.jdbc = jdbc;
        this.org = org;
    }

    /** Start of a UTC day, {@code daysAgo} days before today. */
    static Instant dayStart(int daysAgo) {
        return LocalDate.now(ZoneOffset.UTC)
                .minusDays(daysAgo)
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }

    long customer(String name, String status, Instant createdAt, boolean deleted) {
        return jdbc.sql("""
                INSERT INTO customers (org_id, name, status, created_at, deleted_at)
                VALUES (:org, :name, :status, :createdAt, CASE WHEN :deleted THEN clock_timestamp() END) RETURNING id
                """)
                .param("org", org)
                .param("name", name)
                .param("status", status)
                .param("createdAt", ts(createdAt))
                .param("deleted", deleted)
                .query(Long.class)
                .single();
    }

    long customer(String name) {
        return customer(name, "ACTIVE", Instant.now().minus(Duration.ofDays(100)), false);
    }

    long product(String sku, long price, boolean deleted) {
        return jdbc.sql("""
                INSERT INTO products (org_id, sku, name, price, deleted_at)
                VALUES (:org, :sku, :name, :price, CASE WHEN :deleted THEN clock_timestamp() END) RETURNING id
                """)
                .param("org", org)
                .param("sku", sku)
                .param("name", "Product " + sku)
                .param("price", price)
                .param("deleted", deleted)
                .query(Long.class)
                .single();
    }

    long order(long customer, String status, long total, Instant placedAt, boolean deleted) {
        return jdbc.sql("""
                INSERT INTO orders (org_id, customer_id, number, status, total, placed_at, deleted_at)
                VALUES (:org, :customer, :number, :status, :total, :placedAt, CASE WHEN :deleted THEN clock_timestamp() END)
                RETURNING id
                """)
                .param("org", org)
                .param("customer", customer)
                .param("number", nextOrderNumber++)
                .param("status", status)
                .param("total", total)
                .param("placedAt", ts(placedAt))
                .param("deleted", deleted)
                .query(Long.class)
                .single();
    }

    void item(long order, long product, int quantity, long unitPrice, boolean deleted) {
        jdbc.sql("""
                INSERT INTO order_items (org_id, order_id, product_id, quantity, unit_price, deleted_at)
                VALUES (:org, :order, :product, :quantity, :unitPrice, CASE WHEN :deleted THEN clock_timestamp() END)
                """)
                .param("org", org)
                .param("order", order)
                .param("product", product)
                .param("quantity", quantity)
                .param("unitPrice", unitPrice)
                .param("deleted", deleted)
                .update();
    }

    void invoice(long order, long customer, String status, long amount, LocalDate due, boolean deleted) {
        jdbc.sql("""
                INSERT INTO invoices (org_id, order_id, customer_id, number, status, amount, issued_at, due_date, paid_at, deleted_at)
                VALUES (:org, :order, :customer, :number, :status, :amount, clock_timestamp(), :due,
                        CASE WHEN :status = 'PAID' THEN clock_timestamp() END, CASE WHEN :deleted THEN clock_timestamp() END)
                """)
                .param("org", org)
                .param("order", order)
                .param("customer", customer)
                .param("number", nextInvoiceNumber++)
                .param("status", status)
                .param("amount", amount)
                .param("due", due)
                .param("deleted", deleted)
                .update();
    }

    /**
     * A random but reproducible history: customers and products (some deleted), orders of every
     * status placed over the last 90 days (some exactly at UTC midnight or at the window edges,
     * some later today, some deleted), items (some deleted, some of deleted products) and invoices
     * of every status with due dates around today (some deleted).
     */
    void random(long seed, int orders) {
        Random rnd = new Random(seed);
        Instant now = Instant.now();
        List<Long> customers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            customers.add(customer(
                    "Customer " + seed + "-" + i,
                    pick(rnd, List.of("LEAD", "ACTIVE", "CHURNED")),
                    now.minusSeconds(rnd.nextLong(90L * 86_400)),
                    rnd.nextInt(10) == 0));
        }
        List<Long> products = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            products.add(product("SKU-" + seed + "-" + i, 100 + rnd.nextInt(50_000), rnd.nextInt(10) == 0));
        }
        for (int i = 0; i < orders; i++) {
            String status = pick(rnd, ORDER_STATUSES);
            Instant placedAt = switch (rnd.nextInt(10)) {
                case 0 -> dayStart(rnd.nextInt(90)); // exactly midnight
                case 1 ->
                    pick(
                            rnd,
                            List.of(
                                    dayStart(29),
                                    dayStart(59),
                                    dayStart(60), // window edges
                                    dayStart(29).minusNanos(1_000),
                                    dayStart(59).minusNanos(1_000),
                                    dayStart(-1).minusNanos(1_000)));
                case 2 -> dayStart(0).plusSeconds(rnd.nextInt(86_400)); // any time today
                default -> now.minusSeconds(rnd.nextLong(90L * 86_400));
            };
            if ((status.equals("DRAFT") || status.equals("CANCELLED")) && rnd.nextBoolean()) {
                placedAt = null;
            }
            long customer = pick(rnd, customers);
            long order = order(customer, status, rnd.nextInt(200_000), placedAt, rnd.nextInt(12) == 0);
            int items = 1 + rnd.nextInt(3);
            for (int j = 0; j < items; j++) {
                item(order, pick(rnd, products), 1 + rnd.nextInt(5), 50 + rnd.nextInt(20_000), rnd.nextInt(20) == 0);
            }
            if (rnd.nextInt(3) == 0) {
                invoice(
                        order,
                        customer,
                        pick(rnd, INVOICE_STATUSES),
                        rnd.nextInt(150_000),
                        LocalDate.now(ZoneOffset.UTC).plusDays(rnd.nextInt(80) - 40),
                        rnd.nextInt(12) == 0);
            }
        }
    }

    private static <T> T pick(Random rnd, List<T> values) {
        return values.get(rnd.nextInt(values.size()));
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
