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
