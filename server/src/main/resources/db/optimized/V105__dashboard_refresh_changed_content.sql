-- Refresh a view only when its content would change. V104 skips the views whose inputs saw no
-- delta, but any order change reaches five of the six, so from the first changed order a refresh
-- ran six REFRESH ... CONCURRENTLY. Each has a fixed cost whatever its rows (it plans the view's
-- query, creates, fills and analyzes two temporary tables, diffs them with the view and drops
-- them) plus a part that grows with the view's rows, i.e. with the number of organizations. Most
-- small changes leave most views as they are: an order of a customer outside the top five changes
-- neither top five; PAID -> SHIPPED changes no revenue. So each view's query is now a plain view,
-- dashboard_<view>_source (V102's query; the summary's orders and
-- revenue from a new window rollup, below), the materialized view selects from it, and
-- refresh_dashboard_summary compares the two (EXCEPT ALL both ways: one hashed query over a few
-- hundred to a few thousand rows, no catalog writes) and refreshes only when they differ. Exact:
-- a view is refreshed whenever a refresh would change one of its rows. dashboard_as_of still moves
-- on every refresh, and V104's gate (no delta of a kind the view reads: not even compared) stays
-- in front of the comparison.
--
-- dashboard_refresh_log.view_ms records where a refresh's time went: the fold, and per view the
-- comparison plus the REFRESH if one ran (views lists those).

ALTER TABLE dashboard_refresh_log ADD COLUMN IF NOT EXISTS view_ms jsonb;

-- The summary's orders and revenue per (org, status) for the last 30 days and the 30 before,
-- instead of summing up to 60 day buckets per status at every refresh (that sum was most of the
-- summary query's time and grows with organizations x days). Kept like the 30-day totals: the
-- fold adds its deltas of the window, and on a new UTC date (or after a rebuild) the window is
-- rebuilt from the day buckets.
CREATE TABLE IF NOT EXISTS dashboard_rollup_orders_window (
    org_id bigint NOT NULL, status text NOT NULL, previous boolean NOT NULL, orders bigint NOT NULL,
    amount bigint NOT NULL,
    PRIMARY KEY (org_id, status, previous));

CREATE OR REPLACE FUNCTION dashboard_build_orders_window(today date) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM dashboard_rollup_orders_window;
    INSERT INTO dashboard_rollup_orders_window (org_id, status, previous, orders, amount)
    SELECT org_id, status, day < today - 29, sum(orders), sum(amount) FROM dashboard_rollup_orders_daily
    WHERE day BETWEEN today - 59 AND today GROUP BY org_id, status, day < today - 29;
$$;

-- V102's, and the window above.
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
    PERFORM dashboard_build_orders_window(today);
    INSERT INTO dashboard_rollup_window (id, today) VALUES (1, today)
    ON CONFLICT (id) DO UPDATE SET today = excluded.today;
END;
$$;

-- V104's fold, and the window above (f11).
CREATE OR REPLACE FUNCTION dashboard_fold_changes(OUT folded bigint, OUT kinds text)
LANGUAGE plpgsql AS $$
DECLARE
    today date := (now() AT TIME ZONE 'UTC')::date;
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
    ), f11 AS (
        INSERT INTO dashboard_rollup_orders_window AS t (org_id, status, previous, orders, amount)
        SELECT org_id, status, day < today - 29, sum(n), sum(amount) FROM o WHERE day BETWEEN today - 59 AND today
        GROUP BY org_id, status, day < today - 29
        ON CONFLICT (org_id, status, previous) DO UPDATE SET orders = t.orders + excluded.orders, amount = t.amount + excluded.amount
    )
    SELECT count(*), coalesce(string_agg(DISTINCT kind::text, ''), '') INTO folded, kinds FROM d;
END;
$$;

-- Fill the window now, at the date the rollups are at (under the refresh lock: no fold between).
DO $$
BEGIN
    PERFORM pg_advisory_xact_lock(4778973737326302024);
    PERFORM dashboard_build_orders_window(w.today) FROM dashboard_rollup_window w WHERE id = 1;
END;
$$;

CREATE OR REPLACE VIEW dashboard_summary_source AS
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
           sum(orders) FILTER (WHERE NOT previous AND status IN ('PLACED', 'PAID', 'SHIPPED', 'REFUNDED')) AS orders_last,
           sum(orders) FILTER (WHERE previous AND status IN ('PLACED', 'PAID', 'SHIPPED', 'REFUNDED')) AS orders_previous,
           sum(amount) FILTER (WHERE NOT previous AND status IN ('PAID', 'SHIPPED')) AS revenue_last,
           sum(amount) FILTER (WHERE previous AND status IN ('PAID', 'SHIPPED')) AS revenue_previous,
           sum(orders) FILTER (WHERE NOT previous AND status IN ('PAID', 'SHIPPED')) AS revenue_orders_last
    FROM dashboard_rollup_orders_window
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

CREATE OR REPLACE VIEW dashboard_orders_by_status_source AS
SELECT org_id, status, orders, amount FROM dashboard_rollup_orders WHERE orders <> 0;

CREATE OR REPLACE VIEW dashboard_revenue_daily_source AS
SELECT org_id, day, sum(orders)::bigint AS orders, sum(amount)::bigint AS revenue
FROM dashboard_rollup_orders_daily
WHERE status IN ('PAID', 'SHIPPED')
  AND day BETWEEN (now() AT TIME ZONE 'UTC')::date - 29 AND (now() AT TIME ZONE 'UTC')::date
GROUP BY org_id, day
HAVING sum(orders) <> 0;

CREATE OR REPLACE VIEW dashboard_top_products_source AS
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

CREATE OR REPLACE VIEW dashboard_top_customers_source AS
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

-- The views themselves: V102's names, columns and unique indexes, now reading their source.
DROP MATERIALIZED VIEW IF EXISTS dashboard_summary, dashboard_orders_by_status, dashboard_revenue_daily,
    dashboard_top_products, dashboard_top_customers;
CREATE MATERIALIZED VIEW dashboard_summary AS SELECT * FROM dashboard_summary_source;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_summary_org_id_key ON dashboard_summary (org_id);
CREATE MATERIALIZED VIEW dashboard_orders_by_status AS SELECT * FROM dashboard_orders_by_status_source;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_orders_by_status_key ON dashboard_orders_by_status (org_id, status);
CREATE MATERIALIZED VIEW dashboard_revenue_daily AS SELECT * FROM dashboard_revenue_daily_source;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_revenue_daily_key ON dashboard_revenue_daily (org_id, day);
CREATE MATERIALIZED VIEW dashboard_top_products AS SELECT * FROM dashboard_top_products_source;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_top_products_key ON dashboard_top_products (org_id, product_id);
CREATE MATERIALIZED VIEW dashboard_top_customers AS SELECT * FROM dashboard_top_customers_source;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_top_customers_key ON dashboard_top_customers (org_id, customer_id);

-- Refreshes view (CONCURRENTLY) when its source's rows differ from the view's; true if it did.
CREATE OR REPLACE FUNCTION dashboard_refresh_if_changed(view text) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
    differs boolean;
BEGIN
    EXECUTE format('WITH n AS MATERIALIZED (SELECT * FROM %1$I)
                    SELECT EXISTS (SELECT * FROM n EXCEPT ALL SELECT * FROM %2$I)
                        OR EXISTS (SELECT * FROM %2$I EXCEPT ALL SELECT * FROM n)', view || '_source', view)
        INTO differs;
    IF differs THEN
        EXECUTE format('REFRESH MATERIALIZED VIEW CONCURRENTLY %I', view);
    END IF;
    RETURN differs;
END;
$$;

CREATE OR REPLACE FUNCTION refresh_dashboard_summary(reason text DEFAULT 'manual', orgs bigint[] DEFAULT NULL)
RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
    t       timestamptz;
    fold    record;
    every   boolean;
    v       record;
    views   text[] := '{}';
    ms      jsonb := '{}';
BEGIN
    IF NOT pg_try_advisory_xact_lock(4778973737326302024) THEN
        RETURN NULL;
    END IF;
    started := clock_timestamp();
    SELECT * INTO fold FROM dashboard_fold_changes();
    t := clock_timestamp();
    ms := jsonb_build_object('fold', round(extract(epoch FROM t - started) * 1000, 1));
    every := (SELECT w.views_day FROM dashboard_rollup_window w WHERE id = 1)
             IS DISTINCT FROM (now() AT TIME ZONE 'UTC')::date;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_as_of;
    ms := ms || jsonb_build_object('dashboard_as_of', round(extract(epoch FROM clock_timestamp() - t) * 1000, 1));
    -- V104's gate (the delta kinds each view reads), then the comparison.
    FOR v IN SELECT * FROM (VALUES ('dashboard_summary', '[ocvg]'), ('dashboard_orders_by_status', 'o'),
                                   ('dashboard_revenue_daily', 'o'), ('dashboard_top_products', '[pPg]'),
                                   ('dashboard_top_customers', '[oCg]')) AS g(view, kinds)
    LOOP
        CONTINUE WHEN NOT (every OR fold.kinds ~ v.kinds);
        t := clock_timestamp();
        IF dashboard_refresh_if_changed(v.view) THEN
            views := views || v.view;
        END IF;
        ms := ms || jsonb_build_object(v.view, round(extract(epoch FROM clock_timestamp() - t) * 1000, 1));
    END LOOP;
    UPDATE dashboard_rollup_window SET views_day = (now() AT TIME ZONE 'UTC')::date WHERE id = 1;
    INSERT INTO dashboard_refresh_log (started_at, duration_ms, reason, success, deltas, views, view_ms)
    VALUES (started, floor(extract(epoch FROM clock_timestamp() - started) * 1000)::bigint,
            coalesce(reason, 'manual'), true, fold.folded, views, ms);
    DELETE FROM dashboard_refresh_log WHERE started_at < now() - interval '7 days';
    PERFORM pg_notify('brisk_changes',
        (CASE WHEN orgs IS NULL OR cardinality(orgs) > 500
             THEN jsonb_build_object('table', 'dashboard_summary', 'all', true)
             ELSE jsonb_build_object('table', 'dashboard_summary', 'orgs', to_jsonb(orgs))
        END || jsonb_build_object('seq', nextval('brisk_change_seq')))::text);
    RETURN now();
END;
$$;
