-- Fold/refresh cost against the number of changes, by hand (docs/performance.md, "Incremental
-- dashboard"). On a generated database with V102:
--   psql -d DB -v n=1000 -f bench/sql/dashboard-fold-bench.sql
-- Makes :n changes as single-row statements, the way the API writes (half new PAID orders with
-- three items, half PLACED <-> PAID status flips, which also move the orders' items), then times
-- one refresh_dashboard_summary() and prints its duration, the deltas it folded, the views it
-- recomputed and (V105) where its time went per view. Changes data: use a copy.
\set ON_ERROR_STOP on
CREATE SEQUENCE IF NOT EXISTS bench_order_number START 1000000000;
-- Drain what is pending, and warm the session the way the refresher's long-lived pooled connection
-- is: six refreshes that each recompute (or, V105, compare) every view, so the fold runs on its
-- cached generic plan (plpgsql plans it afresh for the first five calls of a session) and the
-- views' relations are in the session's caches. A fresh session's first refresh costs more.
DO $$
BEGIN
    FOR i IN 1 .. 6 LOOP
        UPDATE dashboard_rollup_window SET views_day = NULL WHERE id = 1;
        PERFORM refresh_dashboard_summary('bench-drain');
    END LOOP;
END;
$$;
SELECT set_config('bench.n', :'n', false) AS n \gset
DO $$
DECLARE
    n     int := current_setting('bench.n')::int;
    o     record;
    oid   bigint;
BEGIN
    FOR i IN 1 .. n / 2 LOOP
        SELECT c.org_id, c.id INTO o FROM customers c
        WHERE c.id >= floor(random() * (SELECT max(id) FROM customers))::bigint ORDER BY c.id LIMIT 1;
        INSERT INTO orders (org_id, customer_id, number, status, total, placed_at)
        VALUES (o.org_id, o.id, nextval('bench_order_number'), 'PAID', 1000, now() - random() * interval '40 days')
        RETURNING id INTO oid;
        INSERT INTO order_items (org_id, order_id, product_id, quantity, unit_price)
        SELECT o.org_id, oid, p.id, 2, p.price FROM products p
        WHERE p.org_id = o.org_id ORDER BY p.id OFFSET floor(random() * 500)::int LIMIT 3;
    END LOOP;
    FOR i IN 1 .. n - n / 2 LOOP
        UPDATE orders SET status = CASE status WHEN 'PLACED' THEN 'PAID' ELSE 'PLACED' END
        WHERE id = (SELECT id FROM orders WHERE status IN ('PLACED', 'PAID')
                      AND id >= floor(random() * (SELECT max(id) FROM orders))::bigint ORDER BY id LIMIT 1);
    END LOOP;
END;
$$;
SELECT count(*) AS pending_deltas FROM dashboard_delta;
SELECT refresh_dashboard_summary('bench') IS NOT NULL AS refreshed \gset
SELECT :n AS changes, deltas, duration_ms, views, to_jsonb(l) -> 'view_ms' AS view_ms
FROM dashboard_refresh_log l WHERE reason = 'bench' ORDER BY id DESC LIMIT 1;
