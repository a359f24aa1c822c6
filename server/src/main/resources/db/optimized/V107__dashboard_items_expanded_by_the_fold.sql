-- Writers append their changed rows as they are; the fold works out what they mean for the top
-- products. Before, an order UPDATE that moved its revenue bucket read the order's items and wrote
-- their deltas, and every item statement locked and read its orders (V103): at M that was most of
-- a status flip's trigger time (docs/performance.md, issue 12). Now:
--
--   orders       one 'o' row per live old (-1) and new (+1) row version, with its order id
--   order_items  one 'i' row per live old (-) and new (+) item version: order id, product,
--                quantity and quantity * unit_price; no order is read or locked
--
-- The fold turns them into per-product deltas. Let R(o) be an order's revenue day (live, PAID or
-- SHIPPED, placed: its UTC placed day; otherwise none) and I(o) its live items. At each fold the
-- rollups hold the sum of R(o) x I(o) as of the previous fold's snapshot; the deltas since hold
-- dR (from the 'o' rows) and dI (the 'i' rows), and the business tables at the fold's own
-- snapshot give R and I now. Then
--
--   R x I - (R - dR) x (I - dI)  =  R x dI  +  dR x I  -  dR x dI
--
-- read from: the current order of each order with item deltas, the current items of each order
-- whose revenue day moved, and the two delta sets joined by order. The DELETE that consumes the
-- deltas and these reads are one statement, so they see the same commits: no order between a
-- write of an order and a write of its items matters, including a single statement that writes
-- both (a writable CTE), which V102 could not track. The fold reads business rows only of the
-- orders that changed, each by key (the LATERAL subqueries keep it to index lookups whatever the
-- planner thinks the deltas' size is).
--
-- 'p' rows (written before this migration, by its predecessors' triggers) are still folded as
-- they are; the fold reports 'p' among its kinds whenever product deltas came out of it, which is
-- what V104's gate for the top products reads.

ALTER TABLE dashboard_delta ADD COLUMN IF NOT EXISTS order_id bigint;  -- o, i: the order

CREATE OR REPLACE FUNCTION dashboard_delta_orders() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, status, ref, order_id, n, amount)
        SELECT org_id, 'o', (placed_at AT TIME ZONE 'UTC')::date, status, customer_id, id, 1, total
        FROM new_rows WHERE deleted_at IS NULL;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, status, ref, order_id, n, amount)
        SELECT org_id, 'o', (placed_at AT TIME ZONE 'UTC')::date, status, customer_id, id, -1, -total::numeric
        FROM old_rows WHERE deleted_at IS NULL;
    ELSE
        -- V106: nothing the dashboard reads changed
        IF NOT EXISTS (SELECT org_id, id, status, deleted_at, placed_at, total, customer_id FROM new_rows
                       EXCEPT ALL
                       SELECT org_id, id, status, deleted_at, placed_at, total, customer_id FROM old_rows) THEN
            RETURN NULL;
        END IF;
        INSERT INTO dashboard_delta (org_id, kind, day, status, ref, order_id, n, amount)
        SELECT org_id, 'o', (placed_at AT TIME ZONE 'UTC')::date, status, customer_id, id, 1, total
        FROM new_rows WHERE deleted_at IS NULL
        UNION ALL
        SELECT org_id, 'o', (placed_at AT TIME ZONE 'UTC')::date, status, customer_id, id, -1, -total::numeric
        FROM old_rows WHERE deleted_at IS NULL;
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION dashboard_delta_order_items() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_delta (org_id, kind, ref, order_id, n, amount)
        SELECT org_id, 'i', product_id, order_id, quantity, quantity * unit_price::numeric
        FROM new_rows WHERE deleted_at IS NULL;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_delta (org_id, kind, ref, order_id, n, amount)
        SELECT org_id, 'i', product_id, order_id, -quantity, -(quantity * unit_price::numeric)
        FROM old_rows WHERE deleted_at IS NULL;
    ELSE
        INSERT INTO dashboard_delta (org_id, kind, ref, order_id, n, amount)
        SELECT org_id, 'i', product_id, order_id, quantity, quantity * unit_price::numeric
        FROM new_rows WHERE deleted_at IS NULL
        UNION ALL
        SELECT org_id, 'i', product_id, order_id, -quantity, -(quantity * unit_price::numeric)
        FROM old_rows WHERE deleted_at IS NULL;
    END IF;
    RETURN NULL;
END;
$$;

-- V105's fold, with the product deltas worked out as above. Planned on every call: a plan cached
-- while the deltas were few joins them by nested loops, quadratic in a large batch (measured: 1 000
-- changes folded in 58 ms or 165 ms at L depending on the plan the session had cached).
CREATE OR REPLACE FUNCTION dashboard_fold_changes(OUT folded bigint, OUT kinds text)
LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
DECLARE
    today date := (now() AT TIME ZONE 'UTC')::date;
BEGIN
    PERFORM dashboard_roll_window();
    WITH d AS (
        DELETE FROM dashboard_delta RETURNING *
    ), o AS (
        SELECT org_id, day, status, ref, sum(n) AS n, sum(amount) AS amount FROM d WHERE kind = 'o'
        GROUP BY org_id, day, status, ref
    ), dr AS (  -- dR: orders whose revenue day moved, +1 on the new day, -1 on the old one
        SELECT org_id, order_id, day, sum(n) AS n FROM d
        WHERE kind = 'o' AND order_id IS NOT NULL AND status IN ('PAID', 'SHIPPED') AND day IS NOT NULL
        GROUP BY org_id, order_id, day HAVING sum(n) <> 0
    ), di AS (  -- dI: item changes per order and product
        SELECT org_id, order_id, ref AS product_id, sum(n) AS n, sum(amount) AS amount FROM d WHERE kind = 'i'
        GROUP BY org_id, order_id, ref HAVING sum(n) <> 0 OR sum(amount) <> 0
    ), r AS MATERIALIZED (  -- R: the revenue day now of each order with item deltas (looked up once)
        SELECT k.org_id, k.order_id, cur.day
        FROM (SELECT DISTINCT org_id, order_id FROM di) k CROSS JOIN LATERAL (
            SELECT (placed_at AT TIME ZONE 'UTC')::date AS day FROM orders
            WHERE org_id = k.org_id AND id = k.order_id AND deleted_at IS NULL
              AND status IN ('PAID', 'SHIPPED') AND placed_at IS NOT NULL
            OFFSET 0) cur
    ), p AS (
        SELECT org_id, day, ref, sum(n) AS n, sum(amount) AS amount
        FROM (SELECT org_id, day, ref, n, amount FROM d WHERE kind = 'p'
              UNION ALL  -- R x dI
              SELECT di.org_id, r.day, di.product_id, di.n, di.amount
              FROM di JOIN r ON r.org_id = di.org_id AND r.order_id = di.order_id
              UNION ALL  -- dR x I
              SELECT dr.org_id, dr.day, i.product_id, dr.n * i.quantity, dr.n * i.quantity * i.unit_price::numeric
              FROM dr CROSS JOIN LATERAL (
                  SELECT product_id, quantity, unit_price FROM order_items
                  WHERE org_id = dr.org_id AND order_id = dr.order_id AND deleted_at IS NULL
                  OFFSET 0) i
              UNION ALL  -- - dR x dI
              SELECT dr.org_id, dr.day, di.product_id, -dr.n * di.n, -dr.n * di.amount
              FROM dr JOIN di ON di.org_id = dr.org_id AND di.order_id = dr.order_id) x
        GROUP BY org_id, day, ref
        HAVING sum(n) <> 0 OR sum(amount) <> 0
    ), f1 AS (
        INSERT INTO dashboard_rollup_orders AS t (org_id, status, orders, amount)
        SELECT org_id, status, sum(n), sum(amount) FROM o GROUP BY org_id, status
        ON CONFLICT (org_id, status) DO UPDATE SET orders = t.orders + excluded.orders, amount = t.amount + excluded.amount
    ), f2 AS (
        INSERT INTO dashboard_rollup_orders_daily AS t (day, org_id, status, orders, amount)
        SELECT day, org_id, status, sum(n), sum(amount) FROM o WHERE day >= today - 59 GROUP BY day, org_id, status
        ON CONFLICT (day, org_id, status) DO UPDATE SET orders = t.orders + excluded.orders, amount = t.amount + excluded.amount
    ), f3 AS (
        INSERT INTO dashboard_rollup_customer_orders_daily AS t (day, org_id, customer_id, orders, revenue)
        SELECT day, org_id, ref, sum(n), sum(amount) FROM o
        WHERE day >= today - 29 AND status IN ('PAID', 'SHIPPED') GROUP BY day, org_id, ref
        ON CONFLICT (day, org_id, customer_id) DO UPDATE SET orders = t.orders + excluded.orders, revenue = t.revenue + excluded.revenue
    ), f4 AS (
        INSERT INTO dashboard_rollup_customer_orders_30d AS t (org_id, customer_id, orders, revenue)
        SELECT org_id, ref, sum(n), sum(amount) FROM o
        WHERE day BETWEEN today - 29 AND today AND status IN ('PAID', 'SHIPPED') GROUP BY org_id, ref
        ON CONFLICT (org_id, customer_id) DO UPDATE SET orders = t.orders + excluded.orders, revenue = t.revenue + excluded.revenue
    ), f5 AS (
        INSERT INTO dashboard_rollup_products_daily AS t (day, org_id, product_id, quantity, revenue)
        SELECT day, org_id, ref, n, amount FROM p WHERE day >= today - 29
        ON CONFLICT (day, org_id, product_id) DO UPDATE SET quantity = t.quantity + excluded.quantity, revenue = t.revenue + excluded.revenue
    ), f6 AS (
        INSERT INTO dashboard_rollup_products_30d AS t (org_id, product_id, quantity, revenue)
        SELECT org_id, ref, sum(n), sum(amount) FROM p WHERE day BETWEEN today - 29 AND today GROUP BY org_id, ref
        ON CONFLICT (org_id, product_id) DO UPDATE SET quantity = t.quantity + excluded.quantity, revenue = t.revenue + excluded.revenue
    ), f7 AS (
        INSERT INTO dashboard_rollup_customers AS t (org_id, status, customers)
        SELECT org_id, status, sum(n) FROM d WHERE kind = 'c' GROUP BY org_id, status
        ON CONFLICT (org_id, status) DO UPDATE SET customers = t.customers + excluded.customers
    ), f8 AS (
        INSERT INTO dashboard_rollup_customers_daily AS t (day, org_id, customers)
        SELECT day, org_id, sum(n) FROM d WHERE kind = 'c' AND day >= today - 29 GROUP BY day, org_id
        ON CONFLICT (day, org_id) DO UPDATE SET customers = t.customers + excluded.customers
    ), f9 AS (
        INSERT INTO dashboard_rollup_invoices AS t (org_id, status, invoices, amount)
        SELECT org_id, status, sum(n), sum(amount) FROM d WHERE kind = 'v' GROUP BY org_id, status
        ON CONFLICT (org_id, status) DO UPDATE SET invoices = t.invoices + excluded.invoices, amount = t.amount + excluded.amount
    ), f10 AS (
        INSERT INTO dashboard_rollup_invoices_due AS t (due_date, org_id, invoices, amount)
        SELECT day, org_id, sum(n), sum(amount) FROM d WHERE kind = 'v' AND status = 'SENT' AND day >= today
        GROUP BY day, org_id
        ON CONFLICT (due_date, org_id) DO UPDATE SET invoices = t.invoices + excluded.invoices, amount = t.amount + excluded.amount
    ), f11 AS (
        INSERT INTO dashboard_rollup_orders_window AS t (org_id, status, previous, orders, amount)
        SELECT org_id, status, day < today - 29, sum(n), sum(amount) FROM o WHERE day BETWEEN today - 59 AND today
        GROUP BY org_id, status, day < today - 29
        ON CONFLICT (org_id, status, previous) DO UPDATE SET orders = t.orders + excluded.orders, amount = t.amount + excluded.amount
    )
    SELECT (SELECT count(*) FROM d),
           (SELECT coalesce(string_agg(DISTINCT kind::text, ''), '') FROM d)
               || CASE WHEN EXISTS (SELECT FROM p) THEN 'p' ELSE '' END
    INTO folded, kinds;
END;
$$;
