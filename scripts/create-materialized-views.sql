-- Brisk dashboard: delta triggers, rollups, materialized views over them, refresh/read functions
-- and the refresh log.
--
-- Usage (on a database at Brisk's base schema, i.e. Flyway V1 + V5 applied):
--   psql -h HOST -U USER -d DB -v ON_ERROR_STOP=1 -f scripts/create-materialized-views.sql
--   psql ... -c "SELECT refresh_dashboard_summary('manual')"     -- fold the changes, refresh now
--   psql ... -c "SELECT get_dashboard_summary(1)"                  -- read org 1's dashboard
-- Idempotent: running it again changes nothing (it rebuilds the rollups from the tables). All or
-- nothing: one transaction. While it runs, writers of customers, orders, order_items, invoices,
-- products and organizations wait (readers do not). Undo with scripts/drop-materialized-views.sql;
-- rebuild the rollups alone with scripts/rebuild-dashboard-rollups.sql.
--
-- Everything between BEGIN and COMMIT is server/src/main/resources/db/optimized/V100__dashboard_views.sql
-- followed by V102__dashboard_rollups.sql, V103__dashboard_item_order_lock.sql,
-- V104__dashboard_refresh_changed_views.sql, V105__dashboard_refresh_changed_content.sql,
-- V106__dashboard_order_update_unchanged.sql and V107__dashboard_items_expanded_by_the_fold.sql,
-- all verbatim (DashboardScriptsIntegrationTest fails
-- when they differ): edit a new migration, then copy it here. V100's views are created and then
-- replaced by V102's over the rollups, as Flyway does.

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

-- An order item's delta takes its day and its revenue status from its order, and an order's
-- UPDATE delta moves the items it can see. Under READ COMMITTED the two could miss each other: an
-- item written while its order's UPDATE was still uncommitted read the order's old version, and
-- the order's trigger could not see the uncommitted item, so the item's delta landed on the old
-- day (or was never written for an order that had just become PAID). The fold then kept a +n on
-- one day and a -n on another that no row explains.
--
-- The item trigger now first locks its orders FOR SHARE, by key and without any filter (a row
-- filtered out in the old snapshot would never be locked). FOR SHARE waits for an uncommitted
-- UPDATE of the order and makes a later one wait for this transaction; other item writers (FOR
-- SHARE, the foreign key's FOR KEY SHARE) are not blocked. The delta query after it runs in a new
-- snapshot that sees the order as committed; an order UPDATE that had to wait runs its trigger
-- after this transaction committed, so it sees these items. The API locks the order FOR UPDATE
-- before it touches items, so the two never wait for each other in opposite orders.
CREATE OR REPLACE FUNCTION dashboard_delta_order_items() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM 1 FROM orders o WHERE (o.org_id, o.id) IN (SELECT org_id, order_id FROM new_rows)
        ORDER BY o.id FOR SHARE OF o;
        INSERT INTO dashboard_delta (org_id, kind, day, ref, n, amount)
        SELECT i.org_id, 'p', (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id,
               sum(i.quantity), sum(i.quantity * i.unit_price::numeric)
        FROM new_rows i JOIN orders o ON o.org_id = i.org_id AND o.id = i.order_id
        WHERE i.deleted_at IS NULL AND o.deleted_at IS NULL AND o.status IN ('PAID', 'SHIPPED')
        GROUP BY i.org_id, (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM 1 FROM orders o WHERE (o.org_id, o.id) IN (SELECT org_id, order_id FROM old_rows)
        ORDER BY o.id FOR SHARE OF o;
        INSERT INTO dashboard_delta (org_id, kind, day, ref, n, amount)
        SELECT i.org_id, 'p', (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id,
               -sum(i.quantity), -sum(i.quantity * i.unit_price::numeric)
        FROM old_rows i JOIN orders o ON o.org_id = i.org_id AND o.id = i.order_id
        WHERE i.deleted_at IS NULL AND o.deleted_at IS NULL AND o.status IN ('PAID', 'SHIPPED')
        GROUP BY i.org_id, (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id;
    ELSE
        PERFORM 1 FROM orders o
        WHERE (o.org_id, o.id) IN (SELECT org_id, order_id FROM new_rows UNION SELECT org_id, order_id FROM old_rows)
        ORDER BY o.id FOR SHARE OF o;
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

-- Refresh only the views whose inputs changed. With V102 every refresh ran all six
-- REFRESH ... CONCURRENTLY, and those, not the fold, were the floor of a refresh: about 10 ms per
-- organization at sizes M and L whether one order or none had changed. A view now refreshes only
-- when the fold saw a delta it depends on, the UTC date moved (the 30-day windows and "overdue"
-- move with it), or the rollups were rebuilt. dashboard_as_of still moves and nodes are still
-- notified on every refresh: the interface and the meaning of asOf ("the numbers are current as
-- of") stay V100's.
--
-- What each view reads, as delta kinds:
--   dashboard_summary           o orders, c customers, v invoices, g organizations
--   dashboard_orders_by_status  o
--   dashboard_revenue_daily     o
--   dashboard_top_products      p order items, P a product's sku/name/deleted_at, g
--   dashboard_top_customers     o, C a customer's name/deleted_at, g
-- P, C and g are markers (n = 0, no rollup reads them): a rename or a soft delete of a product or
-- customer changes a top five without changing any count, and a new organization adds a row to
-- the summary and the tops. Hard deletes need no marker: a product or customer with order lines
-- cannot be deleted (foreign keys), so it is in no top five.

-- The UTC date the views were last computed for; NULL (also after dashboard_rebuild_rollups,
-- which truncates this table) makes the next refresh compute them all.
ALTER TABLE dashboard_rollup_window ADD COLUMN IF NOT EXISTS views_day date;
-- The views a refresh recomputed, next to its deltas.
ALTER TABLE dashboard_refresh_log ADD COLUMN IF NOT EXISTS views text[];

CREATE OR REPLACE FUNCTION dashboard_delta_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'products' THEN
        INSERT INTO dashboard_delta (org_id, kind, n, amount)
        SELECT DISTINCT n.org_id, 'P', 0, 0 FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.sku, n.name, n.deleted_at) IS DISTINCT FROM (o.sku, o.name, o.deleted_at);
    ELSE
        INSERT INTO dashboard_delta (org_id, kind, n, amount)
        SELECT DISTINCT n.org_id, 'C', 0, 0 FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.name, n.deleted_at) IS DISTINCT FROM (o.name, o.deleted_at);
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER products_dashboard_names AFTER UPDATE ON products
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_delta_names();
CREATE OR REPLACE TRIGGER customers_dashboard_names AFTER UPDATE ON customers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_delta_names();

CREATE OR REPLACE FUNCTION dashboard_delta_organizations() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO dashboard_delta (org_id, kind, n, amount) VALUES (0, 'g', 0, 0);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE TRIGGER organizations_dashboard_change AFTER INSERT OR DELETE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_delta_organizations();

-- V102's fold, returning also the kinds it folded (one letter each).
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
    )
    SELECT count(*), coalesce(string_agg(DISTINCT kind::text, ''), '') INTO folded, kinds FROM d;
END;
$$;

-- V102's name, for operators who call it: the same fold.
CREATE OR REPLACE FUNCTION dashboard_fold() RETURNS bigint
LANGUAGE sql AS $$
    SELECT folded FROM dashboard_fold_changes();
$$;

CREATE OR REPLACE FUNCTION refresh_dashboard_summary(reason text DEFAULT 'manual', orgs bigint[] DEFAULT NULL)
RETURNS timestamptz
LANGUAGE plpgsql AS $$
DECLARE
    started timestamptz;
    fold    record;
    every   boolean;
    views   text[] := '{}';
BEGIN
    IF NOT pg_try_advisory_xact_lock(4778973737326302024) THEN
        RETURN NULL;
    END IF;
    started := clock_timestamp();
    SELECT * INTO fold FROM dashboard_fold_changes();
    every := (SELECT w.views_day FROM dashboard_rollup_window w WHERE id = 1)
             IS DISTINCT FROM (now() AT TIME ZONE 'UTC')::date;
    REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_as_of;
    IF every OR fold.kinds ~ '[ocvg]' THEN
        REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_summary;
        views := views || 'dashboard_summary'::text;
    END IF;
    IF every OR fold.kinds ~ 'o' THEN
        REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_orders_by_status;
        REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_revenue_daily;
        views := views || ARRAY['dashboard_orders_by_status', 'dashboard_revenue_daily'];
    END IF;
    IF every OR fold.kinds ~ '[pPg]' THEN
        REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_top_products;
        views := views || 'dashboard_top_products'::text;
    END IF;
    IF every OR fold.kinds ~ '[oCg]' THEN
        REFRESH MATERIALIZED VIEW CONCURRENTLY dashboard_top_customers;
        views := views || 'dashboard_top_customers'::text;
    END IF;
    UPDATE dashboard_rollup_window SET views_day = (now() AT TIME ZONE 'UTC')::date WHERE id = 1;
    INSERT INTO dashboard_refresh_log (started_at, duration_ms, reason, success, deltas, views)
    VALUES (started, floor(extract(epoch FROM clock_timestamp() - started) * 1000)::bigint,
            coalesce(reason, 'manual'), true, fold.folded, views);
    DELETE FROM dashboard_refresh_log WHERE started_at < now() - interval '7 days';
    PERFORM pg_notify('brisk_changes',
        (CASE WHEN orgs IS NULL OR cardinality(orgs) > 500
             THEN jsonb_build_object('table', 'dashboard_summary', 'all', true)
             ELSE jsonb_build_object('table', 'dashboard_summary', 'orgs', to_jsonb(orgs))
        END || jsonb_build_object('seq', nextval('brisk_change_seq')))::text);
    RETURN now();
END;
$$;

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

-- An order UPDATE that leaves every column the dashboard reads as it was writes no delta, and
-- now finds that out with one query over its transition tables instead of running both delta
-- queries to an empty result. Such updates are most of an order table's updates: notes and
-- updated_at, a status "change" to the status the order already has (PATCH, or the seed's
-- status script on any order that is neither PLACED nor PAID), and every UPDATE that matched no
-- row (a statement trigger fires for those too). Measured at M in docs/performance.md (issue 12).
--
-- Exact: the old and new transition tables of one UPDATE hold the same number of rows, so when
-- no new row is missing from the old ones (EXCEPT ALL; NULLs compare equal) both are the same
-- multiset of (org_id, id, status, deleted_at, placed_at, total, customer_id): every signed sum
-- of the order's delta is zero (its HAVING drops them all) and no order became or stopped being
-- a revenue order, so the items part has nothing to move. The id is part of the comparison: a
-- statement that swaps two otherwise equal orders' statuses leaves the orders' counts as they
-- were but moves their items between revenue and non-revenue.

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
        IF NOT EXISTS (SELECT org_id, id, status, deleted_at, placed_at, total, customer_id FROM new_rows
                       EXCEPT ALL
                       SELECT org_id, id, status, deleted_at, placed_at, total, customer_id FROM old_rows) THEN
            RETURN NULL;
        END IF;
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

COMMIT;
