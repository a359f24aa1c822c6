-- Brisk dashboard views: materialized views, refresh/read functions and the refresh log.
--
-- Usage (on a database at Brisk's base schema, i.e. Flyway V1 + V5 applied):
--   psql -h HOST -U USER -d DB -v ON_ERROR_STOP=1 -f scripts/create-materialized-views.sql
--   psql ... -c "SELECT refresh_dashboard_summary('manual')"     -- refresh now
--   psql ... -c "SELECT get_dashboard_summary(1)"                  -- read org 1's dashboard
-- Idempotent: running it again changes nothing. All or nothing: one transaction.
-- Undo with scripts/drop-materialized-views.sql.
--
-- Everything between BEGIN and COMMIT is server/src/main/resources/db/optimized/V100__dashboard_views.sql
-- verbatim (DashboardScriptsIntegrationTest fails when they differ): edit the migration, then
-- copy it here.

\set ON_ERROR_STOP on
BEGIN;

-- Dashboard views: materialized views read by get_dashboard_summary(org) in one round trip and
-- refreshed CONCURRENTLY (readers never wait) by refresh_dashboard_summary(reason, orgs).
--
-- scripts/create-materialized-views.sql is this file inside a header and a transaction
-- (DashboardScriptsIntegrationTest keeps the two identical), so every statement here is idempotent
-- and runs under plain psql too; scripts/drop-materialized-views.sql removes everything created here.
--
-- KPI definitions (the live computation in DashboardRepository follows the same ones):
--   * Soft delete: rows with deleted_at set count nowhere. A deleted order adds to no KPI; a
--     deleted order item adds to no product; a deleted customer or product is neither counted nor
--     listed (the live orders of a deleted customer still count toward orders and revenue).
--   * Time: UTC. "today" is the UTC date of as_of, the moment of the refresh. "Last 30 days" are
--     the 30 calendar days ending today, today included: [today - 29 days, today + 1 day).
--     "Previous 30 days" are the 30 days before them: [today - 59 days, today - 29 days). Calendar
--     days make the revenue-per-day series add up to the 30-day revenue exactly, and the numbers
--     of an org without changes stay valid until the date changes.
--   * An order belongs to the window its placed_at falls in (created_at plays no part).
--   * Orders (count) of a window: orders placed in it with status PLACED, PAID, SHIPPED or
--     REFUNDED. DRAFT and CANCELLED orders never count.
--   * Revenue: sum of orders.total of the orders placed in the window whose status is PAID or
--     SHIPPED ("revenue orders"). REFUNDED, CANCELLED, PLACED (not yet paid) and DRAFT add nothing.
--   * Average order value: revenue of the last 30 days / number of revenue orders in them,
--     rounded half away from zero to whole minor units; 0 when there are none.
--   * Growth %: (last - previous) / previous * 100 rounded to one decimal; null when previous = 0.
--   * Customers: total = live customers; active = those with status ACTIVE; new = those whose
--     created_at is in the last 30 days.
--   * Orders by status: all live orders of all time, count and sum(total) per status; the
--     function lists all six statuses in lifecycle order, zeros included.
--   * Outstanding invoices: live invoices with status SENT or OVERDUE (count, sum(amount)).
--     Overdue invoices: status OVERDUE, or SENT with a due_date before today.
--   * Top 5 products: sum(quantity * unit_price) of the live items of revenue orders placed in the
--     last 30 days, per live product; ties go to the lower product id.
--   * Top 5 customers: revenue (as above) of the last 30 days per live customer, with the number of
--     revenue orders; ties go to the lower customer id.
--   * Revenue per day: each of the 30 days of the window, oldest first, zeros included: revenue
--     and number of revenue orders placed that day.
--   * asOf: when the numbers were computed (the refresh's transaction time).
--
-- Every view is computed from now() of the refreshing transaction, and refresh_dashboard_summary()
-- refreshes them all in one transaction, so readers switch from one consistent set to the next at
-- its commit.

-- When the numbers were computed; one row.
CREATE MATERIALIZED VIEW IF NOT EXISTS dashboard_as_of AS
SELECT 1 AS id, now() AS as_of;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_as_of_id_key ON dashboard_as_of (id);

-- One row per organization. as_of is deliberately not a column: a refresh then rewrites only the
-- rows of organizations whose numbers changed.
CREATE MATERIALIZED VIEW IF NOT EXISTS dashboard_summary AS
WITH w AS (
    SELECT ((now() AT TIME ZONE 'UTC')::date)                             AS today,
           (((now() AT TIME ZONE 'UTC')::date - 59)::timestamp AT TIME ZONE 'UTC') AS prev_start,
           (((now() AT TIME ZONE 'UTC')::date - 29)::timestamp AT TIME ZONE 'UTC') AS cur_start,
           (((now() AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC')  AS cur_end
), c AS (
    SELECT cu.org_id,
           count(*)                                                                AS customers_total,
           count(*) FILTER (WHERE cu.status = 'ACTIVE')                            AS customers_active,
           count(*) FILTER (WHERE cu.created_at >= w.cur_start AND cu.created_at < w.cur_end) AS customers_new
    FROM customers cu CROSS JOIN w
    WHERE cu.deleted_at IS NULL
    GROUP BY cu.org_id
), o AS (
    SELECT od.org_id,
           count(*) FILTER (WHERE od.placed_at >= w.cur_start
                              AND od.status IN ('PLACED', 'PAID', 'SHIPPED', 'REFUNDED'))  AS orders_last,
           count(*) FILTER (WHERE od.placed_at < w.cur_start
                              AND od.status IN ('PLACED', 'PAID', 'SHIPPED', 'REFUNDED'))  AS orders_previous,
           coalesce(sum(od.total) FILTER (WHERE od.placed_at >= w.cur_start
                              AND od.status IN ('PAID', 'SHIPPED')), 0)                     AS revenue_last,
           coalesce(sum(od.total) FILTER (WHERE od.placed_at < w.cur_start
                              AND od.status IN ('PAID', 'SHIPPED')), 0)                     AS revenue_previous,
           count(*) FILTER (WHERE od.placed_at >= w.cur_start
                              AND od.status IN ('PAID', 'SHIPPED'))                         AS revenue_orders_last
    FROM orders od CROSS JOIN w
    WHERE od.deleted_at IS NULL
      AND od.placed_at >= w.prev_start AND od.placed_at < w.cur_end
    GROUP BY od.org_id
), i AS (
    SELECT iv.org_id,
           count(*)                                                                 AS outstanding_count,
           sum(iv.amount)                                                           AS outstanding_amount,
           count(*) FILTER (WHERE iv.status = 'OVERDUE' OR iv.due_date < w.today)   AS overdue_count,
           coalesce(sum(iv.amount) FILTER (WHERE iv.status = 'OVERDUE' OR iv.due_date < w.today), 0) AS overdue_amount
    FROM invoices iv CROSS JOIN w
    WHERE iv.deleted_at IS NULL AND iv.status IN ('SENT', 'OVERDUE')
    GROUP BY iv.org_id
)
SELECT org.id                                AS org_id,
       coalesce(c.customers_total, 0)        AS customers_total,
       coalesce(c.customers_active, 0)       AS customers_active,
       coalesce(c.customers_new, 0)          AS customers_new,
       coalesce(o.orders_last, 0)            AS orders_last,
       coalesce(o.orders_previous, 0)        AS orders_previous,
       coalesce(o.revenue_last, 0)::bigint   AS revenue_last,
       coalesce(o.revenue_previous, 0)::bigint AS revenue_previous,
       coalesce(o.revenue_orders_last, 0)    AS revenue_orders_last,
       coalesce(i.outstanding_count, 0)      AS outstanding_count,
       coalesce(i.outstanding_amount, 0)::bigint AS outstanding_amount,
       coalesce(i.overdue_count, 0)          AS overdue_count,
       coalesce(i.overdue_amount, 0)::bigint AS overdue_amount
FROM organizations org
LEFT JOIN c ON c.org_id = org.id
LEFT JOIN o ON o.org_id = org.id
LEFT JOIN i ON i.org_id = org.id;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_summary_org_id_key ON dashboard_summary (org_id);

-- Live orders of all time per status; statuses an org has no order in have no row.
CREATE MATERIALIZED VIEW IF NOT EXISTS dashboard_orders_by_status AS
SELECT org_id, status, count(*) AS orders, sum(total)::bigint AS amount
FROM orders
WHERE deleted_at IS NULL
GROUP BY org_id, status;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_orders_by_status_key ON dashboard_orders_by_status (org_id, status);

-- Revenue orders per UTC day of the last 30 days; days without any have no row.
CREATE MATERIALIZED VIEW IF NOT EXISTS dashboard_revenue_daily AS
SELECT org_id,
       (placed_at AT TIME ZONE 'UTC')::date AS day,
       count(*)                             AS orders,
       sum(total)::bigint                   AS revenue
FROM orders
WHERE deleted_at IS NULL
  AND status IN ('PAID', 'SHIPPED')
  AND placed_at >= (((now() AT TIME ZONE 'UTC')::date - 29)::timestamp AT TIME ZONE 'UTC')
  AND placed_at <  (((now() AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC')
GROUP BY org_id, (placed_at AT TIME ZONE 'UTC')::date;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_revenue_daily_key ON dashboard_revenue_daily (org_id, day);

-- Top 5 products per org by item revenue of the last 30 days.
CREATE MATERIALIZED VIEW IF NOT EXISTS dashboard_top_products AS
SELECT org_id, product_id, rank, sku, name, quantity, revenue
FROM (
    SELECT p.org_id, p.id AS product_id, p.sku, p.name, s.quantity, s.revenue,
           row_number() OVER (PARTITION BY p.org_id ORDER BY s.revenue DESC, p.id) AS rank
    FROM (
        SELECT oi.org_id, oi.product_id,
               sum(oi.quantity)::bigint                 AS quantity,
               sum(oi.quantity::bigint * oi.unit_price)::bigint AS revenue
        FROM order_items oi
        JOIN orders od ON od.org_id = oi.org_id AND od.id = oi.order_id
        WHERE oi.deleted_at IS NULL AND od.deleted_at IS NULL
          AND od.status IN ('PAID', 'SHIPPED')
          AND od.placed_at >= (((now() AT TIME ZONE 'UTC')::date - 29)::timestamp AT TIME ZONE 'UTC')
          AND od.placed_at <  (((now() AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC')
        GROUP BY oi.org_id, oi.product_id
    ) s
    JOIN products p ON p.org_id = s.org_id AND p.id = s.product_id AND p.deleted_at IS NULL
) ranked
WHERE rank <= 5;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_top_products_key ON dashboard_top_products (org_id, product_id);

-- Top 5 customers per org by revenue of the last 30 days.
CREATE MATERIALIZED VIEW IF NOT EXISTS dashboard_top_customers AS
SELECT org_id, customer_id, rank, name, orders, revenue
FROM (
    SELECT cu.org_id, cu.id AS customer_id, cu.name, s.orders, s.revenue,
           row_number() OVER (PARTITION BY cu.org_id ORDER BY s.revenue DESC, cu.id) AS rank
    FROM (
        SELECT od.org_id, od.customer_id, count(*) AS orders, sum(od.total)::bigint AS revenue
        FROM orders od
        WHERE od.deleted_at IS NULL
          AND od.status IN ('PAID', 'SHIPPED')
          AND od.placed_at >= (((now() AT TIME ZONE 'UTC')::date - 29)::timestamp AT TIME ZONE 'UTC')
          AND od.placed_at <  (((now() AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC')
        GROUP BY od.org_id, od.customer_id
    ) s
    JOIN customers cu ON cu.org_id = s.org_id AND cu.id = s.customer_id AND cu.deleted_at IS NULL
) ranked
WHERE rank <= 5;
CREATE UNIQUE INDEX IF NOT EXISTS dashboard_top_customers_key ON dashboard_top_customers (org_id, customer_id);

-- Every refresh attempt: when it started, how long it took, why it ran, and how it ended.
CREATE TABLE IF NOT EXISTS dashboard_refresh_log (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    duration_ms  bigint      NOT NULL CHECK (duration_ms >= 0),
    reason       text        NOT NULL,
    success      boolean     NOT NULL,
    error        text
);
CREATE INDEX IF NOT EXISTS dashboard_refresh_log_started_at_idx ON dashboard_refresh_log (started_at);

-- Refreshes every dashboard view CONCURRENTLY in the calling transaction, logs the run (rows older
-- than 7 days are pruned), and announces it on channel brisk_changes as table "dashboard_summary"
-- with the given orgs (NULL: all orgs) once the transaction commits. Only one session refreshes at
-- a time: the call takes transaction advisory lock 4778973737326302024 ("BRSKDASH") and, when
-- another session holds it, returns NULL at once without doing anything. Otherwise it returns the
-- new as_of. A failed refresh raises and leaves the previous data in place (the caller logs it).
CREATE OR REPLACE FUNCTION refresh_dashboard_summary(reason text DEFAULT 'manual', orgs bigint[] DEFAULT NULL)
RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
BEGIN
    IF NOT pg_try_advisory_xact_lock(4778973737326302024) THEN
        RETURN NULL;
    END IF;
    started := clock_timestamp();
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_as_of;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_summary;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_orders_by_status;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_revenue_daily;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_top_products;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_top_customers;
    INSERT INTO dashboard_refresh_log (started_at, duration_ms, reason, success)
    VALUES (started, floor(extract(epoch FROM clock_timestamp() - started) * 1000)::bigint,
            coalesce(reason, 'manual'), true);
    DELETE FROM dashboard_refresh_log WHERE started_at < now() - interval '7 days';
    PERFORM pg_notify('brisk_changes',
        (CASE WHEN orgs IS NULL OR cardinality(orgs) > 500
             THEN jsonb_build_object('table', 'dashboard_summary', 'all', true)
             ELSE jsonb_build_object('table', 'dashboard_summary', 'orgs', to_jsonb(orgs))
        END || jsonb_build_object('seq', nextval('brisk_change_seq')))::text);
    RETURN now();
END;
$$;

-- The whole dashboard of one organization as one JSON value (shape: dev.brisk.dashboard.Dashboard).
-- An organization without data, or created after the last refresh, gets zeros and empty lists.
CREATE OR REPLACE FUNCTION get_dashboard_summary(org bigint)
RETURNS jsonb
LANGUAGE sql STABLE AS $$
WITH a AS (
    SELECT coalesce((SELECT as_of FROM dashboard_as_of WHERE id = 1), now()) AS as_of
), d AS (
    SELECT as_of, (as_of AT TIME ZONE 'UTC')::date AS today FROM a
)
SELECT jsonb_build_object(
    'orgId', org,
    'currency', (SELECT currency FROM organizations WHERE id = org),
    'asOf', to_char(d.as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'customers', jsonb_build_object(
        'total', coalesce(s.customers_total, 0),
        'active', coalesce(s.customers_active, 0),
        'new30Days', coalesce(s.customers_new, 0)),
    'ordersByStatus', (
        SELECT jsonb_agg(jsonb_build_object('status', st.status,
                                            'count', coalesce(v.orders, 0),
                                            'amount', coalesce(v.amount, 0)) ORDER BY st.n)
        FROM unnest(ARRAY['DRAFT', 'PLACED', 'PAID', 'SHIPPED', 'CANCELLED', 'REFUNDED']) WITH ORDINALITY AS st(status, n)
        LEFT JOIN dashboard_orders_by_status v ON v.org_id = org AND v.status = st.status),
    'orders', jsonb_build_object(
        'last30Days', coalesce(s.orders_last, 0),
        'previous30Days', coalesce(s.orders_previous, 0),
        'growthPct', CASE WHEN coalesce(s.orders_previous, 0) = 0 THEN NULL
                          ELSE round((s.orders_last - s.orders_previous) * 100.0 / s.orders_previous, 1) END),
    'revenue', jsonb_build_object(
        'last30Days', coalesce(s.revenue_last, 0),
        'previous30Days', coalesce(s.revenue_previous, 0),
        'growthPct', CASE WHEN coalesce(s.revenue_previous, 0) = 0 THEN NULL
                          ELSE round((s.revenue_last - s.revenue_previous) * 100.0 / s.revenue_previous, 1) END,
        'paidOrders30Days', coalesce(s.revenue_orders_last, 0),
        'averageOrderValue', CASE WHEN coalesce(s.revenue_orders_last, 0) = 0 THEN 0
                                  ELSE round(s.revenue_last::numeric / s.revenue_orders_last)::bigint END),
    'invoices', jsonb_build_object(
        'outstandingCount', coalesce(s.outstanding_count, 0),
        'outstandingAmount', coalesce(s.outstanding_amount, 0),
        'overdueCount', coalesce(s.overdue_count, 0),
        'overdueAmount', coalesce(s.overdue_amount, 0)),
    'topProducts', coalesce((
        SELECT jsonb_agg(jsonb_build_object('productId', p.product_id, 'sku', p.sku, 'name', p.name,
                                            'quantity', p.quantity, 'revenue', p.revenue) ORDER BY p.rank)
        FROM dashboard_top_products p WHERE p.org_id = org), '[]'::jsonb),
    'topCustomers', coalesce((
        SELECT jsonb_agg(jsonb_build_object('customerId', t.customer_id, 'name', t.name,
                                            'orders', t.orders, 'revenue', t.revenue) ORDER BY t.rank)
        FROM dashboard_top_customers t WHERE t.org_id = org), '[]'::jsonb),
    'revenueDaily', (
        SELECT jsonb_agg(jsonb_build_object('day', to_char(g.day, 'YYYY-MM-DD'),
                                            'orders', coalesce(r.orders, 0),
                                            'revenue', coalesce(r.revenue, 0)) ORDER BY g.day)
        FROM (SELECT d.today - k AS day FROM generate_series(29, 0, -1) AS k) g
        LEFT JOIN dashboard_revenue_daily r ON r.org_id = org AND r.day = g.day))
FROM d
LEFT JOIN dashboard_summary s ON s.org_id = org
$$;

COMMIT;
