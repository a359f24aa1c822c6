package dev.brisk.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.Fixtures;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One random write to one org, through the API or straight in SQL (as psql would), covering every
 * way a dashboard number can move: inserts, status changes (all statuses, also ones the API
 * refuses), moved placed/created/due dates, product and customer renames, amounts, soft and hard deletes, restores, draft item
 * replacement, item edits on paid orders, invoice payments and voids, multi-row statements,
 * transactions that stay open a while before they commit, and rolled-back ones.
 */
final class RandomWrites {

    /** Raw orders get numbers far above the API's counter so the two never collide. */
    private static final AtomicLong RAW_NUMBER = new AtomicLong(1_000_000_000L);

    private static final List<String> ORDER_STATUSES = DashboardData.ORDER_STATUSES;
    private static final List<String> CUSTOMER_STATUSES = List.of("LEAD", "ACTIVE", "CHURNED");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Api api;
    private final Random rnd;
    final AtomicLong done = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    RandomWrites(JdbcClient jdbc, TransactionTemplate tx, Api api, long seed) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.api = api;
        this.rnd = new Random(seed);
    }

    void step(Fixtures.Org org) {
        int op = rnd.nextInt(100);
        try {
            if (op < 45) {
                apiStep(org, op);
            } else if (op < 55) {
                // open for a while: folds run meanwhile and must neither lose nor double it
                tx.executeWithoutResult(s -> {
                    sqlStep(org.id(), rnd.nextInt(100));
                    sleep(20 + rnd.nextInt(150));
                });
            } else if (op < 58) {
                tx.executeWithoutResult(s -> {
                    sqlStep(org.id(), rnd.nextInt(100));
                    s.setRollbackOnly();
                });
            } else {
                sqlStep(org.id(), op);
            }
            done.incrementAndGet();
        } catch (PessimisticLockingFailureException | DataIntegrityViolationException e) {
            refused.incrementAndGet(); // concurrent writers deadlocked or collided: rolled back, fine
        }
    }

    // ---- through the API ---------------------------------------------------------------------

    private void apiStep(Fixtures.Org org, int op) {
        String t = org.admin();
        Api.Response r = switch (op % 15) {
            case 0 ->
                api.post(
                        t,
                        "/api/customers",
                        Api.json(Map.of("name", "C" + rnd.nextInt(1_000), "status", pick(CUSTOMER_STATUSES))));
            case 1 ->
                idOr(
                        org,
                        "customers",
                        id -> api.patch(
                                t, "/api/customers/" + id, Api.json(Map.of("status", pick(CUSTOMER_STATUSES)))));
            case 2 ->
                idOr(
                        org,
                        "customers",
                        id -> rnd.nextBoolean()
                                ? api.delete(t, "/api/customers/" + id)
                                : api.post(t, "/api/customers/" + id + "/restore", null));
            case 3, 4, 5 -> {
                Long customer = liveId(org.id(), "customers");
                yield customer == null
                        ? null
                        : api.post(
                                t,
                                "/api/orders",
                                Api.json(Map.of(
                                        "customerId",
                                        customer,
                                        "items",
                                        items(org.id()),
                                        "status",
                                        rnd.nextBoolean() ? "DRAFT" : "PLACED")));
            }
            case 6 ->
                idOr(
                        org,
                        "orders",
                        id -> api.patch(t, "/api/orders/" + id, Api.json(Map.of("items", items(org.id())))));
            case 7, 8, 9 ->
                idOr(
                        org,
                        "orders",
                        id -> api.patch(
                                t,
                                "/api/orders/" + id,
                                Api.json(Map.of(
                                        "status",
                                        pick(List.of("PLACED", "PAID", "SHIPPED", "CANCELLED", "REFUNDED"))))));
            case 10 ->
                idOr(
                        org,
                        "orders",
                        id -> rnd.nextBoolean()
                                ? api.delete(t, "/api/orders/" + id)
                                : api.post(t, "/api/orders/" + id + "/restore", null));
            case 11 ->
                idOr(
                        org,
                        "orders",
                        id -> api.post(
                                t,
                                "/api/invoices",
                                Api.json(Map.of(
                                        "orderId",
                                        id,
                                        "dueDate",
                                        today().plusDays(rnd.nextInt(40) - 20).toString(),
                                        "status",
                                        rnd.nextBoolean() ? "SENT" : "DRAFT"))));
            case 12, 13 ->
                idOr(
                        org,
                        "invoices",
                        id -> api.patch(
                                t,
                                "/api/invoices/" + id,
                                Api.json(
                                        rnd.nextInt(4) == 0
                                                ? Map.of(
                                                        "dueDate",
                                                        today().plusDays(rnd.nextInt(40) - 20)
                                                                .toString())
                                                : Map.of("status", pick(List.of("SENT", "PAID", "OVERDUE", "VOID"))))));
            default ->
                idOr(
                        org,
                        "invoices",
                        id -> rnd.nextBoolean()
                                ? api.delete(t, "/api/invoices/" + id)
                                : api.post(t, "/api/invoices/" + id + "/restore", null));
        };
        if (r != null) {
            assertThat(r.status()).as("%s", r).isLessThan(500);
        }
    }

    private List<Map<String, Object>> items(long org) {
        List<Long> products = jdbc.sql(
                        "SELECT id FROM products WHERE org_id = :org AND deleted_at IS NULL ORDER BY random() LIMIT 3")
                .param("org", org)
                .query(Long.class)
                .list();
        return products.stream()
                .limit(1 + rnd.nextInt(3))
                .map(p -> Map.<String, Object>of("productId", p, "quantity", 1 + rnd.nextInt(4)))
                .toList();
    }

    private Api.Response idOr(Fixtures.Org org, String table, java.util.function.LongFunction<Api.Response> call) {
        Long id = anyId(org.id(), table);
        return id == null ? null : call.apply(id);
    }

    // ---- in SQL ------------------------------------------------------------------------------

    private void sqlStep(long org, int op) {
        switch (op % 16) {
            case 0, 1 -> rawOrder(org);
            case 2 ->
                withId(org, "orders", id -> {
                    String status = pick(ORDER_STATUSES);
                    jdbc.sql("""
                        UPDATE orders SET status = :status,
                               placed_at = coalesce(placed_at, now() - make_interval(secs => :secs))
                        WHERE id = :id
                        """)
                            .param("status", status)
                            .param("secs", rnd.nextInt(80 * 86_400))
                            .param("id", id)
                            .update();
                });
            case 3 ->
                withId(
                        org,
                        "orders",
                        id -> jdbc.sql("""
                    UPDATE orders SET placed_at = placed_at - make_interval(days => :days) WHERE id = :id
                    """)
                                .param("days", rnd.nextInt(40) - 10)
                                .param("id", id)
                                .update());
            case 4 -> jdbc.sql("""
                    UPDATE orders SET deleted_at = CASE WHEN deleted_at IS NULL THEN clock_timestamp() END
                    WHERE org_id = :org AND random() < 0.1
                    """).param("org", org).update();
            case 5 ->
                withId(
                        org,
                        "orders",
                        id -> tx.executeWithoutResult(s -> {
                            jdbc.sql("DELETE FROM invoices WHERE order_id = :id")
                                    .param("id", id)
                                    .update();
                            jdbc.sql("DELETE FROM order_items WHERE order_id = :id")
                                    .param("id", id)
                                    .update();
                            jdbc.sql("DELETE FROM orders WHERE id = :id")
                                    .param("id", id)
                                    .update();
                        }));
            case 6 -> withId(org, "orders", id -> jdbc.sql("""
                    UPDATE order_items SET quantity = quantity + 1, unit_price = unit_price + 7 WHERE order_id = :id
                    """).param("id", id).update());
            case 7 ->
                withId(
                        org,
                        "order_items",
                        id -> jdbc.sql(
                                        rnd.nextBoolean()
                                                ? "UPDATE order_items SET deleted_at = CASE WHEN deleted_at IS NULL THEN clock_timestamp() END WHERE id = :id"
                                                : "DELETE FROM order_items WHERE id = :id")
                                .param("id", id)
                                .update());
            case 8 -> withId(org, "orders", id -> jdbc.sql("""
                    INSERT INTO order_items (org_id, order_id, product_id, quantity, unit_price)
                    SELECT o.org_id, o.id, p.id, 1 + floor(random() * 5)::int, p.price
                    FROM orders o JOIN products p ON p.org_id = o.org_id
                    WHERE o.id = :id ORDER BY random() LIMIT 2
                    """).param("id", id).update());
            case 9 ->
                withId(
                        org,
                        "customers",
                        id -> jdbc.sql(
                                        switch (rnd.nextInt(4)) {
                                            case 0 ->
                                                "UPDATE customers SET status = (ARRAY['LEAD','ACTIVE','CHURNED'])[1 + floor(random() * 3)::int] WHERE id = :id";
                                            case 1 ->
                                                "UPDATE customers SET created_at = now() - random() * interval '60 days' WHERE id = :id";
                                            case 2 ->
                                                "UPDATE customers SET name = 'Renamed ' || id || ' ' || floor(random() * 100) WHERE id = :id";
                                            default ->
                                                "UPDATE customers SET deleted_at = CASE WHEN deleted_at IS NULL THEN clock_timestamp() END WHERE id = :id";
                                        })
                                .param("id", id)
                                .update());
            case 10 -> jdbc.sql("""
                    INSERT INTO customers (org_id, name, status, created_at)
                    SELECT :org, 'Raw ' || g, 'ACTIVE', now() - g * interval '9 days' FROM generate_series(0, 4) g
                    """).param("org", org).update();
            case 11 ->
                withId(
                        org,
                        "invoices",
                        id -> jdbc.sql(
                                        switch (rnd.nextInt(4)) {
                                            case 0 ->
                                                "UPDATE invoices SET status = 'PAID', paid_at = coalesce(paid_at, clock_timestamp()) WHERE id = :id";
                                            case 1 ->
                                                "UPDATE invoices SET due_date = due_date + (floor(random() * 30)::int - 15) WHERE id = :id";
                                            case 2 ->
                                                "UPDATE invoices SET amount = amount + 99, status = 'SENT', paid_at = NULL WHERE id = :id";
                                            default -> "DELETE FROM invoices WHERE id = :id";
                                        })
                                .param("id", id)
                                .update());
            case 12 ->
                jdbc.sql("""
                    INSERT INTO invoices (org_id, order_id, customer_id, number, status, amount, issued_at, due_date)
                    SELECT o.org_id, o.id, o.customer_id, :number, (ARRAY['SENT','OVERDUE','DRAFT'])[1 + floor(random() * 3)::int],
                           o.total, clock_timestamp(), current_date + (floor(random() * 40)::int - 20)
                    FROM orders o
                    WHERE o.org_id = :org AND NOT EXISTS (SELECT 1 FROM invoices i WHERE i.org_id = o.org_id
                          AND i.order_id = o.id AND i.deleted_at IS NULL AND i.status <> 'VOID')
                    ORDER BY random() LIMIT 1
                    """)
                        .param("number", RAW_NUMBER.incrementAndGet())
                        .param("org", org)
                        .update();
            case 13 -> jdbc.sql("""
                    UPDATE orders SET status = 'REFUNDED' WHERE org_id = :org AND status = 'SHIPPED' AND random() < 0.3
                    """).param("org", org).update();
            case 14 ->
                withId(
                        org,
                        "products",
                        id -> jdbc.sql(
                                        rnd.nextBoolean()
                                                ? "UPDATE products SET name = 'Renamed ' || id || ' ' || floor(random() * 100) WHERE id = :id"
                                                : "UPDATE products SET deleted_at = CASE WHEN deleted_at IS NULL THEN clock_timestamp() END WHERE id = :id")
                                .param("id", id)
                                .update());
            default ->
                withId(
                        org,
                        "orders",
                        id -> jdbc.sql("UPDATE orders SET total = total + 100 WHERE id = :id")
                                .param("id", id)
                                .update());
        }
    }

    private void rawOrder(long org) {
        Long customer = anyId(org, "customers");
        if (customer == null) {
            return;
        }
        String status = pick(ORDER_STATUSES);
        boolean unplaced = (status.equals("DRAFT") || status.equals("CANCELLED")) && rnd.nextBoolean();
        long order = jdbc.sql("""
                INSERT INTO orders (org_id, customer_id, number, status, total, placed_at)
                VALUES (:org, :customer, :number, :status, :total,
                        CASE WHEN :unplaced THEN NULL ELSE now() - make_interval(secs => :secs) END)
                RETURNING id
                """)
                .param("org", org)
                .param("customer", customer)
                .param("number", RAW_NUMBER.incrementAndGet())
                .param("status", status)
                .param("total", rnd.nextInt(100_000))
                .param("unplaced", unplaced)
                .param("secs", rnd.nextInt(70 * 86_400) - 86_400)
                .query(Long.class)
                .single();
        jdbc.sql("""
                INSERT INTO order_items (org_id, order_id, product_id, quantity, unit_price)
                SELECT :org, :order, id, 1 + floor(random() * 5)::int, price
                FROM products WHERE org_id = :org ORDER BY random() LIMIT :n
                """)
                .param("org", org)
                .param("order", order)
                .param("n", 1 + rnd.nextInt(3))
                .update();
    }

    private void withId(long org, String table, java.util.function.LongConsumer action) {
        Long id = anyId(org, table);
        if (id != null) {
            action.accept(id);
        }
    }

    private Long anyId(long org, String table) {
        return jdbc.sql("SELECT id FROM " + table + " WHERE org_id = :org ORDER BY random() LIMIT 1")
                .param("org", org)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    private Long liveId(long org, String table) {
        return jdbc.sql("SELECT id FROM " + table
                        + " WHERE org_id = :org AND deleted_at IS NULL ORDER BY random() LIMIT 1")
                .param("org", org)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    private <T> T pick(List<T> values) {
        return values.get(rnd.nextInt(values.size()));
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
