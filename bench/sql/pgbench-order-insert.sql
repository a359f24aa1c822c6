-- pgbench: one order with three items in one transaction, as POST /api/orders writes it
-- (order row, then its items, then the total). Needs: CREATE SEQUENCE bench_order_number.
\set org random(1, 20)
\set off random(0, 400)
BEGIN;
SELECT id AS cid FROM customers WHERE org_id = :org ORDER BY id OFFSET :off LIMIT 1 \gset
INSERT INTO orders (org_id, customer_id, number, status, total, placed_at)
VALUES (:org, :cid, nextval('bench_order_number'), 'PAID', 0, now()) RETURNING id AS oid \gset
INSERT INTO order_items (org_id, order_id, product_id, quantity, unit_price)
SELECT :org, :oid, id, 2, price FROM products WHERE org_id = :org ORDER BY id OFFSET :off LIMIT 3;
UPDATE orders SET total = (SELECT sum(quantity::bigint * unit_price) FROM order_items
                           WHERE org_id = :org AND order_id = :oid), updated_at = clock_timestamp()
WHERE id = :oid;
COMMIT;
