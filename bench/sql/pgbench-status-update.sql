-- pgbench: one order status change (PLACED <-> PAID, the move that also shifts the order's items
-- in and out of the top-products rollup), as PATCH /api/orders/{id} writes it. The order is any
-- order: at size M (seed 42) 27 % are PLACED or PAID, the rest keep their status and only
-- updated_at changes. pgbench-status-flip.sql changes the status every time.
\set id random(1, 1000000)
UPDATE orders SET status = CASE status WHEN 'PLACED' THEN 'PAID' WHEN 'PAID' THEN 'PLACED' ELSE status END,
                  updated_at = clock_timestamp()
WHERE id = :id;
