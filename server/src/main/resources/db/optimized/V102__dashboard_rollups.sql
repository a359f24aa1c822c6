-- Incremental dashboard: maintenance that costs what changed, not what exists.
--
-- Writers: statement-level AFTER triggers with transition tables on customers, orders,
-- order_items and invoices append signed facts (org, kind, day bucket, status, ref, n, amount) to
-- dashboard_delta. It is append-only for writers and has no index and no sequence: no writer
-- updates a shared row, so writers never queue behind each other.
--
-- The refresher (refresh_dashboard_summary, under its advisory lock: one session at a time)
-- folds the deltas into small rollups with one statement, DELETE FROM dashboard_delta RETURNING:
-- the fold consumes exactly the deltas its snapshot sees. A transaction that commits during or
-- after the fold is not in that snapshot, so its rows stay and the next fold takes them; no id
-- order or watermark is involved, so commits in any order are safe (a bigserial watermark would
-- skip a delta whose transaction took a lower id but committed after the fold).
-- The seed's materialized views keep their names, columns and unique indexes but read the
-- rollups, so a refresh costs milliseconds at any data size; get_dashboard_summary(org) is
-- V100's, unchanged.
--
-- Rollups (written only by the fold and dashboard_rebuild_rollups):
--   orders per (org, status), all time             -> orders by status
--   orders per (day, org, status), last 60 days    -> orders/revenue last and previous 30 days, revenue per day
--   items per (day, org, product), last 30 days    -> top products (and the 30-day totals table)
--   revenue orders per (day, org, customer), 30 d  -> top customers (and the 30-day totals table)
--   customers per (org, status), all time; per (day, org) created in the last 30 days
--   invoices SENT/OVERDUE per (org, status); SENT per (due_date, org) not yet due
-- "Last 30 days" and overdue move with the clock: day buckets are summed over the window of the
-- refresh's date; overdue = outstanding - SENT not yet due. When the UTC date changes, the fold
-- prunes buckets that fell out of every window and rebuilds the two 30-day totals tables from
-- the day buckets (once a day, cost of one window's rows).
--
-- Exactness limits: TRUNCATE of a business table and a single statement that changes both orders
-- and order_items (a writable CTE) are not tracked; run scripts/rebuild-dashboard-rollups.sql
-- (dashboard_rebuild_rollups()) after such maintenance.
--
-- scripts/create-materialized-views.sql holds V100 and this file verbatim, so everything here is
-- idempotent; scripts/drop-materialized-views.sql removes it all.

CREATE TABLE IF NOT EXISTS dashboard_delta (
    org_id  bigint   NOT NULL,
    kind    "char"   NOT NULL,  -- o: order, p: order item (product), c: customer, v: invoice
    day     date,               -- o, p: placed day (UTC); c: created day (UTC); v: due date
    status  text,               -- o, c, v: the row's status
    ref     bigint,             -- o: customer id; p: product id
    n       bigint   NOT NULL,  -- o, c, v: rows; p: quantity
    amount  numeric  NOT NULL   -- o: total; p: quantity * unit_price; v: amount; c: 0
                                -- (numeric: a write never fails for the dashboard's sake; a sum
                                -- too large for the rollups fails the fold, which keeps the last
                                -- good numbers and retries)
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 5000,
        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 5000);

CREATE TABLE IF NOT EXISTS dashboard_rollup_orders (
    org_id bigint NOT NULL, status text NOT NULL, orders bigint NOT NULL, amount bigint NOT NULL,
    PRIMARY KEY (org_id, status));
CREATE TABLE IF NOT EXISTS dashboard_rollup_orders_daily (
    day date NOT NULL, org_id bigint NOT NULL, status text NOT NULL, orders bigint NOT NULL, amount bigint NOT NULL,
    PRIMARY KEY (day, org_id, status));
CREATE TABLE IF NOT EXISTS dashboard_rollup_products_daily (
    day date NOT NULL, org_id bigint NOT NULL, product_id bigint NOT NULL, quantity bigint NOT NULL, revenue bigint NOT NULL,
    PRIMARY KEY (day, org_id, product_id));
CREATE TABLE IF NOT EXISTS dashboard_rollup_products_30d (
    org_id bigint NOT NULL, product_id bigint NOT NULL, quantity bigint NOT NULL, revenue bigint NOT NULL,
    PRIMARY KEY (org_id, product_id));
CREATE INDEX IF NOT EXISTS dashboard_rollup_products_30d_rank_idx
    ON dashboard_rollup_products_30d (org_id, revenue DESC, product_id);
CREATE TABLE IF NOT EXISTS dashboard_rollup_customer_orders_daily (
    day date NOT NULL, org_id bigint NOT NULL, customer_id bigint NOT NULL, orders bigint NOT NULL, revenue bigint NOT NULL,
    PRIMARY KEY (day, org_id, customer_id));
CREATE TABLE IF NOT EXISTS dashboard_rollup_customer_orders_30d (
    org_id bigint NOT NULL, customer_id bigint NOT NULL, orders bigint NOT NULL, revenue bigint NOT NULL,
    PRIMARY KEY (org_id, customer_id));
CREATE INDEX IF NOT EXISTS dashboard_rollup_customer_orders_30d_rank_idx
    ON dashboard_rollup_customer_orders_30d (org_id, revenue DESC, customer_id);
CREATE TABLE IF NOT EXISTS dashboard_rollup_customers (
    org_id bigint NOT NULL, status text NOT NULL, customers bigint NOT NULL,
    PRIMARY KEY (org_id, status));
CREATE TABLE IF NOT EXISTS dashboard_rollup_customers_daily (
    day date NOT NULL, org_id bigint NOT NULL, customers bigint NOT NULL,
    PRIMARY KEY (day, org_id));
CREATE TABLE IF NOT EXISTS dashboard_rollup_invoices (
    org_id bigint NOT NULL, status text NOT NULL, invoices bigint NOT NULL, amount bigint NOT NULL,
    PRIMARY KEY (org_id, status));
CREATE TABLE IF NOT EXISTS dashboard_rollup_invoices_due (
    due_date date NOT NULL, org_id bigint NOT NULL, invoices bigint NOT NULL, amount bigint NOT NULL,
    PRIMARY KEY (due_date, org_id));
-- The UTC date the 30-day tables and the pruning are at.
CREATE TABLE IF NOT EXISTS dashboard_rollup_window (
    id int PRIMARY KEY CHECK (id = 1), today date NOT NULL);

-- Deltas found by the fold, next to each refresh's duration.
ALTER TABLE dashboard_refresh_log ADD COLUMN IF NOT EXISTS deltas bigint;

-- ---- writers: one trigger function per table, three triggers each (a transition table per event)

-- Orders: live orders per (org, placed day, status, customer); and, for an UPDATE, the items of
-- orders that became or stopped being revenue orders of a given day (status PAID/SHIPPED, live).
CREATE OR REPLACE FUNCTION dashboard_delta_orders() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, status, ref, n, amount)
        SELECT org_id, 'o', (placed_at AT TIME ZONE 'UTC')::date, status, customer_id, count(*), sum(total)
        FROM new_rows WHERE deleted_at IS NULL
        GROUP BY org_id, (placed_at AT TIME ZONE 'UTC')::date, status, customer_id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, status, ref, n, amount)
        SELECT org_id, 'o', (placed_at AT TIME ZONE 'UTC')::date, status, customer_id, -count(*), -sum(total)
        FROM old_rows WHERE deleted_at IS NULL
        GROUP BY org_id, (placed_at AT TIME ZONE 'UTC')::date, status, customer_id;
    ELSE
        INSERT INTO dashboard_delta (org_id, kind, day, status, ref, n, amount)
        SELECT org_id, 'o', day, status, customer_id, sum(s), sum(s * total::numeric)
        FROM (SELECT org_id, (placed_at AT TIME ZONE 'UTC')::date AS day, status, customer_id, total, 1 AS s
              FROM new_rows WHERE deleted_at IS NULL
              UNION ALL
              SELECT org_id, (placed_at AT TIME ZONE 'UTC')::date, status, customer_id, total, -1
              FROM old_rows WHERE deleted_at IS NULL) r
        GROUP BY org_id, day, status, customer_id
        HAVING sum(s) <> 0 OR sum(s * total::numeric) <> 0;

        WITH nk AS (SELECT org_id, id, (placed_at AT TIME ZONE 'UTC')::date AS day FROM new_rows
                    WHERE deleted_at IS NULL AND status IN ('PAID', 'SHIPPED') AND placed_at IS NOT NULL),
             ok AS (SELECT org_id, id, (placed_at AT TIME ZONE 'UTC')::date AS day FROM old_rows
                    WHERE deleted_at IS NULL AND status IN ('PAID', 'SHIPPED') AND placed_at IS NOT NULL),
             r AS (SELECT org_id, id, day, 1 AS s FROM (SELECT * FROM nk EXCEPT SELECT * FROM ok) a
                   UNION ALL
                   SELECT org_id, id, day, -1 FROM (SELECT * FROM ok EXCEPT SELECT * FROM nk) b)
        INSERT INTO dashboard_delta (org_id, kind, day, ref, n, amount)
        SELECT i.org_id, 'p', r.day, i.product_id, sum(r.s * i.quantity), sum(r.s * i.quantity * i.unit_price::numeric)
        FROM r JOIN order_items i ON i.org_id = r.org_id AND i.order_id = r.id AND i.deleted_at IS NULL
        GROUP BY i.org_id, r.day, i.product_id;
    END IF;
    RETURN NULL;
END;
$$;

-- Order items: live items of live revenue orders, per (org, placed day, product).
CREATE OR REPLACE FUNCTION dashboard_delta_order_items() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, ref, n, amount)
        SELECT i.org_id, 'p', (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id,
               sum(i.quantity), sum(i.quantity * i.unit_price::numeric)
        FROM new_rows i JOIN orders o ON o.org_id = i.org_id AND o.id = i.order_id
        WHERE i.deleted_at IS NULL AND o.deleted_at IS NULL AND o.status IN ('PAID', 'SHIPPED')
        GROUP BY i.org_id, (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, ref, n, amount)
        SELECT i.org_id, 'p', (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id,
               -sum(i.quantity), -sum(i.quantity * i.unit_price::numeric)
        FROM old_rows i JOIN orders o ON o.org_id = i.org_id AND o.id = i.order_id
        WHERE i.deleted_at IS NULL AND o.deleted_at IS NULL AND o.status IN ('PAID', 'SHIPPED')
        GROUP BY i.org_id, (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id;
    ELSE
        INSERT INTO dashboard_delta (org_id, kind, day, ref, n, amount)
        SELECT i.org_id, 'p', (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id,
               sum(i.s * i.quantity), sum(i.s * i.quantity * i.unit_price::numeric)
        FROM (SELECT org_id, order_id, product_id, quantity, unit_price, 1 AS s FROM new_rows WHERE deleted_at IS NULL
              UNION ALL
              SELECT org_id, order_id, product_id, quantity, unit_price, -1 FROM old_rows WHERE deleted_at IS NULL) i
        JOIN orders o ON o.org_id = i.org_id AND o.id = i.order_id
        WHERE o.deleted_at IS NULL AND o.status IN ('PAID', 'SHIPPED')
        GROUP BY i.org_id, (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id
        HAVING sum(i.s * i.quantity) <> 0 OR sum(i.s * i.quantity * i.unit_price::numeric) <> 0;
    END IF;
    RETURN NULL;
END;
$$;

-- Invoices: live SENT and OVERDUE invoices per (org, due date, status).
CREATE OR REPLACE FUNCTION dashboard_delta_invoices() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, status, n, amount)
        SELECT org_id, 'v', due_date, status, count(*), sum(amount)
        FROM new_rows WHERE deleted_at IS NULL AND status IN ('SENT', 'OVERDUE')
        GROUP BY org_id, due_date, status;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, status, n, amount)
        SELECT org_id, 'v', due_date, status, -count(*), -sum(amount)
        FROM old_rows WHERE deleted_at IS NULL AND status IN ('SENT', 'OVERDUE')
        GROUP BY org_id, due_date, status;
    ELSE
        INSERT INTO dashboard_delta (org_id, kind, day, status, n, amount)
        SELECT org_id, 'v', due_date, status, sum(s), sum(s * amount::numeric)
        FROM (SELECT org_id, due_date, status, amount, 1 AS s FROM new_rows
              WHERE deleted_at IS NULL AND status IN ('SENT', 'OVERDUE')
              UNION ALL
              SELECT org_id, due_date, status, amount, -1 FROM old_rows
              WHERE deleted_at IS NULL AND status IN ('SENT', 'OVERDUE')) r
        GROUP BY org_id, due_date, status
        HAVING sum(s) <> 0 OR sum(s * amount::numeric) <> 0;
    END IF;
    RETURN NULL;
END;
$$;

-- Customers: live customers per (org, created day, status).
CREATE OR REPLACE FUNCTION dashboard_delta_customers() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, status, n, amount)
        SELECT org_id, 'c', (created_at AT TIME ZONE 'UTC')::date, status, count(*), 0
        FROM new_rows WHERE deleted_at IS NULL
        GROUP BY org_id, (created_at AT TIME ZONE 'UTC')::date, status;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, status, n, amount)
        SELECT org_id, 'c', (created_at AT TIME ZONE 'UTC')::date, status, -count(*), 0
        FROM old_rows WHERE deleted_at IS NULL
        GROUP BY org_id, (created_at AT TIME ZONE 'UTC')::date, status;
    ELSE
        INSERT INTO dashboard_delta (org_id, kind, day, status, n, amount)
        SELECT org_id, 'c', day, status, sum(s), 0
        FROM (SELECT org_id, (created_at AT TIME ZONE 'UTC')::date AS day, status, 1 AS s
              FROM new_rows WHERE deleted_at IS NULL
              UNION ALL
              SELECT org_id, (created_at AT TIME ZONE 'UTC')::date, status, -1
              FROM old_rows WHERE deleted_at IS NULL) r
        GROUP BY org_id, day, status
        HAVING sum(s) <> 0;
    END IF;
    RETURN NULL;
END;
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['customers', 'orders', 'order_items', 'invoices'] LOOP
        EXECUTE format('CREATE OR REPLACE TRIGGER %1$s_dashboard_insert AFTER INSERT ON %1$I
                        REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION dashboard_delta_%1$s()', t);
        EXECUTE format('CREATE OR REPLACE TRIGGER %1$s_dashboard_update AFTER UPDATE ON %1$I
                        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION dashboard_delta_%1$s()', t);
        EXECUTE format('CREATE OR REPLACE TRIGGER %1$s_dashboard_delete AFTER DELETE ON %1$I
                        REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION dashboard_delta_%1$s()', t);
    END LOOP;
END;
$$;

-- ---- the refresher's side

-- Moves the 30-day tables to the date of now() when it changed: prunes day buckets no window
-- reads any more and rebuilds the 30-day totals from the day buckets. Cheap when the date is the same.
CREATE OR REPLACE FUNCTION dashboard_roll_window() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    today date := (now() AT TIME ZONE 'UTC')::date;
BEGIN
    IF (SELECT w.today FROM dashboard_rollup_window w WHERE id = 1) IS NOT DISTINCT FROM today THEN
        RETURN;
    END IF;
    DELETE FROM dashboard_rollup_orders_daily WHERE day < today - 59;
    DELETE FROM dashboard_rollup_products_daily WHERE day < today - 29;
    DELETE FROM dashboard_rollup_customer_orders_daily WHERE day < today - 29;
    DELETE FROM dashboard_rollup_customers_daily WHERE day < today - 29;
    DELETE FROM dashboard_rollup_invoices_due WHERE due_date < today;
    DELETE FROM dashboard_rollup_products_30d;
    INSERT INTO dashboard_rollup_products_30d (org_id, product_id, quantity, revenue)
    SELECT org_id, product_id, sum(quantity), sum(revenue) FROM dashboard_rollup_products_daily
    WHERE day BETWEEN today - 29 AND today GROUP BY org_id, product_id HAVING sum(quantity) <> 0;
    DELETE FROM dashboard_rollup_customer_orders_30d;
    INSERT INTO dashboard_rollup_customer_orders_30d (org_id, customer_id, orders, revenue)
    SELECT org_id, customer_id, sum(orders), sum(revenue) FROM dashboard_rollup_customer_orders_daily
    WHERE day BETWEEN today - 29 AND today GROUP BY org_id, customer_id HAVING sum(orders) <> 0;
    INSERT INTO dashboard_rollup_window (id, today) VALUES (1, today)
    ON CONFLICT (id) DO UPDATE SET today = excluded.today;
END;
$$;

-- Folds every delta this statement's snapshot sees into the rollups and removes it; returns how
-- many there were. Call under the refresh lock (refresh_dashboard_summary does).
CREATE OR REPLACE FUNCTION dashboard_fold() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    today date := (now() AT TIME ZONE 'UTC')::date;
    folded bigint;
BEGIN
    PERFORM dashboard_roll_window();
    WITH d AS (
        DELETE FROM dashboard_delta RETURNING *
    ), o AS (
        SELECT org_id, day, status, ref, sum(n) AS n, sum(amount) AS amount FROM d WHERE kind = 'o'
        GROUP BY org_id, day, status, ref
    ), p AS (
        SELECT org_id, day, ref, sum(n) AS n, sum(amount) AS amount FROM d WHERE kind = 'p'
        GROUP BY org_id, day, ref
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
    )
    SELECT count(*) INTO folded FROM d;
    RETURN folded;
END;
$$;

-- Rebuilds every rollup from the business tables (the backfill of this migration; also
-- scripts/rebuild-dashboard-rollups.sql). Waits for a running refresh, then blocks writers of the
-- four tables until the caller commits (readers go on), so no change falls between the rebuild
-- and the triggers.
CREATE OR REPLACE FUNCTION dashboard_rebuild_rollups() RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    today   date := (now() AT TIME ZONE 'UTC')::date;
    from60  timestamptz := ((now() AT TIME ZONE 'UTC')::date - 59)::timestamp AT TIME ZONE 'UTC';
    from30  timestamptz := ((now() AT TIME ZONE 'UTC')::date - 29)::timestamp AT TIME ZONE 'UTC';
BEGIN
    PERFORM pg_advisory_xact_lock(4778973737326302024);
    LOCK TABLE customers, orders, order_items, invoices IN SHARE MODE;
    TRUNCATE dashboard_delta, dashboard_rollup_orders, dashboard_rollup_orders_daily,
             dashboard_rollup_products_daily, dashboard_rollup_products_30d,
             dashboard_rollup_customer_orders_daily, dashboard_rollup_customer_orders_30d,
             dashboard_rollup_customers, dashboard_rollup_customers_daily,
             dashboard_rollup_invoices, dashboard_rollup_invoices_due, dashboard_rollup_window;
    INSERT INTO dashboard_rollup_orders (org_id, status, orders, amount)
    SELECT org_id, status, count(*), sum(total) FROM orders WHERE deleted_at IS NULL GROUP BY org_id, status;
    INSERT INTO dashboard_rollup_orders_daily (day, org_id, status, orders, amount)
    SELECT (placed_at AT TIME ZONE 'UTC')::date, org_id, status, count(*), sum(total)
    FROM orders WHERE deleted_at IS NULL AND placed_at >= from60
    GROUP BY (placed_at AT TIME ZONE 'UTC')::date, org_id, status;
    INSERT INTO dashboard_rollup_customer_orders_daily (day, org_id, customer_id, orders, revenue)
    SELECT (placed_at AT TIME ZONE 'UTC')::date, org_id, customer_id, count(*), sum(total)
    FROM orders WHERE deleted_at IS NULL AND placed_at >= from30 AND status IN ('PAID', 'SHIPPED')
    GROUP BY (placed_at AT TIME ZONE 'UTC')::date, org_id, customer_id;
    INSERT INTO dashboard_rollup_products_daily (day, org_id, product_id, quantity, revenue)
    SELECT (o.placed_at AT TIME ZONE 'UTC')::date, i.org_id, i.product_id, sum(i.quantity),
           sum(i.quantity::bigint * i.unit_price)
    FROM orders o JOIN order_items i ON i.org_id = o.org_id AND i.order_id = o.id AND i.deleted_at IS NULL
    WHERE o.deleted_at IS NULL AND o.placed_at >= from30 AND o.status IN ('PAID', 'SHIPPED')
    GROUP BY (o.placed_at AT TIME ZONE 'UTC')::date, i.org_id, i.product_id;
    INSERT INTO dashboard_rollup_customers (org_id, status, customers)
    SELECT org_id, status, count(*) FROM customers WHERE deleted_at IS NULL GROUP BY org_id, status;
    INSERT INTO dashboard_rollup_customers_daily (day, org_id, customers)
    SELECT (created_at AT TIME ZONE 'UTC')::date, org_id, count(*)
    FROM customers WHERE deleted_at IS NULL AND created_at >= from30
    GROUP BY (created_at AT TIME ZONE 'UTC')::date, org_id;
    INSERT INTO dashboard_rollup_invoices (org_id, status, invoices, amount)
    SELECT org_id, status, count(*), sum(amount) FROM invoices
    WHERE deleted_at IS NULL AND status IN ('SENT', 'OVERDUE') GROUP BY org_id, status;
    INSERT INTO dashboard_rollup_invoices_due (due_date, org_id, invoices, amount)
    SELECT due_date, org_id, count(*), sum(amount) FROM invoices
    WHERE deleted_at IS NULL AND status = 'SENT' AND due_date >= today GROUP BY due_date, org_id;
    PERFORM dashboard_roll_window(); -- no window yet: builds the 30-day totals
    ANALYZE dashboard_rollup_orders, dashboard_rollup_orders_daily, dashboard_rollup_products_daily,
            dashboard_rollup_products_30d, dashboard_rollup_customer_orders_daily,
            dashboard_rollup_customer_orders_30d, dashboard_rollup_customers, dashboard_rollup_customers_daily,
            dashboard_rollup_invoices, dashboard_rollup_invoices_due;
END;
$$;

-- ---- the seed's views, now over the rollups (same names, columns and unique indexes)

DROP MATERIALIZED VIEW IF EXISTS dashboard_summary, dashboard_orders_by_status, dashboard_revenue_daily,
    dashboard_top_products, dashboard_top_customers;

CREATE MATERIALIZED VIEW dashboard_summary AS
WITH w AS (
    SELECT (now() AT TIME ZONE 'UTC')::date AS today
), c AS (
    SELECT org_id, sum(customers) AS total, sum(customers) FILTER (WHERE status = 'ACTIVE') AS active
    FROM dashboard_rollup_customers GROUP BY org_id
), cn AS (
    SELECT org_id, sum(customers) AS new FROM dashboard_rollup_customers_daily CROSS JOIN w
    WHERE day BETWEEN w.today - 29 AND w.today GROUP BY org_id
), o AS (
    SELECT org_id,
           sum(orders) FILTER (WHERE day >= w.today - 29 AND status IN ('PLACED', 'PAID', 'SHIPPED', 'REFUNDED')) AS orders_last,
           sum(orders) FILTER (WHERE day < w.today - 29 AND status IN ('PLACED', 'PAID', 'SHIPPED', 'REFUNDED')) AS orders_previous,
           sum(amount) FILTER (WHERE day >= w.today - 29 AND status IN ('PAID', 'SHIPPED')) AS revenue_last,
           sum(amount) FILTER (WHERE day < w.today - 29 AND status IN ('PAID', 'SHIPPED')) AS revenue_previous,
           sum(orders) FILTER (WHERE day >= w.today - 29 AND status IN ('PAID', 'SHIPPED')) AS revenue_orders_last
    FROM dashboard_rollup_orders_daily CROSS JOIN w
    WHERE day BETWEEN w.today - 59 AND w.today
    GROUP BY org_id
), i AS (
    SELECT org_id, sum(invoices) AS outstanding_count, sum(amount) AS outstanding_amount
    FROM dashboard_rollup_invoices GROUP BY org_id
), nd AS (
    SELECT org_id, sum(invoices) AS invoices, sum(amount) AS amount FROM dashboard_rollup_invoices_due CROSS JOIN w
    WHERE due_date >= w.today GROUP BY org_id
)
SELECT org.id                                              AS org_id,
       coalesce(c.total, 0)::bigint                        AS customers_total,
       coalesce(c.active, 0)::bigint                       AS customers_active,
       coalesce(cn.new, 0)::bigint                         AS customers_new,
       coalesce(o.orders_last, 0)::bigint                  AS orders_last,
       coalesce(o.orders_previous, 0)::bigint              AS orders_previous,
       coalesce(o.revenue_last, 0)::bigint                 AS revenue_last,
       coalesce(o.revenue_previous, 0)::bigint             AS revenue_previous,
       coalesce(o.revenue_orders_last, 0)::bigint          AS revenue_orders_last,
       coalesce(i.outstanding_count, 0)::bigint            AS outstanding_count,
       coalesce(i.outstanding_amount, 0)::bigint           AS outstanding_amount,
       (coalesce(i.outstanding_count, 0) - coalesce(nd.invoices, 0))::bigint AS overdue_count,
       (coalesce(i.outstanding_amount, 0) - coalesce(nd.amount, 0))::bigint  AS overdue_amount
FROM organizations org
LEFT JOIN c ON c.org_id = org.id
LEFT JOIN cn ON cn.org_id = org.id
LEFT JOIN o ON o.org_id = org.id
LEFT JOIN i ON i.org_id = org.id
LEFT JOIN nd ON nd.org_id = org.id;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_summary_org_id_key ON dashboard_summary (org_id);

CREATE MATERIALIZED VIEW dashboard_orders_by_status AS
SELECT org_id, status, orders, amount FROM dashboard_rollup_orders WHERE orders <> 0;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_orders_by_status_key ON dashboard_orders_by_status (org_id, status);

CREATE MATERIALIZED VIEW dashboard_revenue_daily AS
SELECT org_id, day, sum(orders)::bigint AS orders, sum(amount)::bigint AS revenue
FROM dashboard_rollup_orders_daily
WHERE status IN ('PAID', 'SHIPPED')
  AND day BETWEEN (now() AT TIME ZONE 'UTC')::date - 29 AND (now() AT TIME ZONE 'UTC')::date
GROUP BY org_id, day
HAVING sum(orders) <> 0;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_revenue_daily_key ON dashboard_revenue_daily (org_id, day);

-- Top 5 per org: the 30-day totals walked in rank order (index), skipping deleted products. The
-- product is looked up per candidate (scalar subqueries are never turned into a join), so the walk
-- stops after five live ones instead of joining every product of the org.
CREATE MATERIALIZED VIEW dashboard_top_products AS
SELECT top.org_id, top.product_id,
       row_number() OVER (PARTITION BY top.org_id ORDER BY top.revenue DESC, top.product_id) AS rank,
       (top.p).sku, (top.p).name, top.quantity, top.revenue
FROM organizations org
CROSS JOIN LATERAL (
    SELECT t.org_id, t.product_id, t.quantity, t.revenue,
           (SELECT p FROM products p WHERE p.org_id = t.org_id AND p.id = t.product_id) AS p
    FROM dashboard_rollup_products_30d t
    WHERE t.org_id = org.id AND t.quantity > 0
      AND (SELECT p.deleted_at IS NULL FROM products p WHERE p.org_id = t.org_id AND p.id = t.product_id)
    ORDER BY t.revenue DESC, t.product_id
    LIMIT 5) top;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_top_products_key ON dashboard_top_products (org_id, product_id);

CREATE MATERIALIZED VIEW dashboard_top_customers AS
SELECT top.org_id, top.customer_id,
       row_number() OVER (PARTITION BY top.org_id ORDER BY top.revenue DESC, top.customer_id) AS rank,
       top.name, top.orders, top.revenue
FROM organizations org
CROSS JOIN LATERAL (
    SELECT t.org_id, t.customer_id, t.orders, t.revenue,
           (SELECT cu.name FROM customers cu WHERE cu.org_id = t.org_id AND cu.id = t.customer_id) AS name
    FROM dashboard_rollup_customer_orders_30d t
    WHERE t.org_id = org.id AND t.orders > 0
      AND (SELECT cu.deleted_at IS NULL FROM customers cu WHERE cu.org_id = t.org_id AND cu.id = t.customer_id)
    ORDER BY t.revenue DESC, t.customer_id
    LIMIT 5) top;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_top_customers_key ON dashboard_top_customers (org_id, customer_id);

-- V100's contract, now folding first: one session at a time (try-lock, NULL when busy), all views
-- switch at commit, the run is logged with its number of deltas, and nodes hear of it.
CREATE OR REPLACE FUNCTION refresh_dashboard_summary(reason text DEFAULT 'manual', orgs bigint[] DEFAULT NULL)
RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
    folded  bigint;
BEGIN
    IF NOT pg_try_advisory_xact_lock(4778973737326302024) THEN
        RETURN NULL;
    END IF;
    started := clock_timestamp();
    folded := dashboard_fold();
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_as_of;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_summary;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_orders_by_status;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_revenue_daily;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_top_products;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_top_customers;
    INSERT INTO dashboard_refresh_log (started_at, duration_ms, reason, success, deltas)
    VALUES (started, floor(extract(epoch FROM clock_timestamp() - started) * 1000)::bigint,
            coalesce(reason, 'manual'), true, folded);
    DELETE FROM dashboard_refresh_log WHERE started_at < now() - interval '7 days';
    PERFORM pg_notify('brisk_changes',
        (CASE WHEN orgs IS NULL OR cardinality(orgs) > 500
             THEN jsonb_build_object('table', 'dashboard_summary', 'all', true)
             ELSE jsonb_build_object('table', 'dashboard_summary', 'orgs', to_jsonb(orgs))
        END || jsonb_build_object('seq', nextval('brisk_change_seq')))::text);
    RETURN now();
END;
$$;

-- Backfill: the rollups from the data already there, then the views from the rollups.
DO $$
BEGIN
    PERFORM dashboard_rebuild_rollups();
    PERFORM refresh_dashboard_summary('rebuild');
END;
$$;
