-- Brisk secondary indexes for a live database: the indexes of Flyway migration V101__indexes.sql,
-- built with CREATE INDEX CONCURRENTLY so that reads and writes go on while they build.
--
-- Usage (on a database at Brisk's base schema or later; not inside a transaction, which
-- CONCURRENTLY does not allow; run as a role that may create extensions, or create pg_trgm first):
--   psql -h HOST -U USER -d DB -v ON_ERROR_STOP=1 -f scripts/create-indexes.sql
-- Idempotent: indexes that exist are skipped, so an interrupted run can simply be repeated. A
-- CREATE INDEX CONCURRENTLY that fails (cancelled, deadlock, duplicate key) leaves an INVALID index
-- behind, which IF NOT EXISTS would then skip: the checks at the start and the end stop with an
-- error naming any invalid index; run scripts/drop-indexes.sql (it drops invalid ones too), then
-- this script again. Each build scans its table (twice) and waits for the transactions running
-- when it started; a larger maintenance_work_mem (SET below) makes big builds faster.
-- Once these indexes exist, Flyway's V101 finds them all (IF NOT EXISTS) and only records itself.
-- Undo with scripts/drop-indexes.sql.
--
-- The statements below are V101__indexes.sql's with CONCURRENTLY added (IndexScriptsIntegrationTest
-- fails when the two differ, and checks that both build the same indexes): edit the migration,
-- then the script.

\set ON_ERROR_STOP on
SET statement_timeout = 0;
-- SET maintenance_work_mem = '1GB';

DO $$
DECLARE
    invalid text;
BEGIN
    SELECT string_agg(c.relname, ', ' ORDER BY c.relname) INTO invalid
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE NOT i.indisvalid AND c.relnamespace = current_schema()::regnamespace;
    IF invalid IS NOT NULL THEN
        RAISE EXCEPTION 'invalid indexes (left by a failed CREATE INDEX CONCURRENTLY): %; run scripts/drop-indexes.sql, then this script again', invalid;
    END IF;
END;
$$;

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- customers ---------------------------------------------------------------------------------
-- GET /api/customers (with or without status, createdFrom/createdTo, cursor); the dashboard's
-- per-org customer counts.
CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_org_keyset_idx
    ON customers (org_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- q on customers (name, email, company) and on orders/invoices (customer name): ILIKE '%q%'.
CREATE INDEX CONCURRENTLY IF NOT EXISTS customers_search_trgm_idx
    ON customers USING gin (name gin_trgm_ops, email gin_trgm_ops, company gin_trgm_ops) WHERE deleted_at IS NULL;

-- products ----------------------------------------------------------------------------------
CREATE INDEX CONCURRENTLY IF NOT EXISTS products_org_keyset_idx
    ON products (org_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX CONCURRENTLY IF NOT EXISTS products_search_trgm_idx
    ON products USING gin (name gin_trgm_ops, sku gin_trgm_ops) WHERE deleted_at IS NULL;

-- orders ------------------------------------------------------------------------------------
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_org_keyset_idx
    ON orders (org_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- ?status=X: the page is a range of this index whatever X's share (a status with few or no
-- orders would otherwise filter the whole org's keyset index).
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_org_status_keyset_idx
    ON orders (org_id, status, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- ?customerId= and the q search (orders of the matching customers); full: backs orders_customer_fkey.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_org_customer_idx
    ON orders (org_id, customer_id, created_at DESC, id DESC);
-- ?placedFrom/placedTo, and the dashboard refresh (orders placed in the last 60 / 30 days, all orgs).
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_placed_at_idx
    ON orders (placed_at) WHERE deleted_at IS NULL;

-- order items -------------------------------------------------------------------------------
-- An order's items (detail, replacing items); backs order_items_order_fkey.
CREATE INDEX CONCURRENTLY IF NOT EXISTS order_items_org_order_idx
    ON order_items (org_id, order_id);
-- Backs order_items_product_fkey: deleting a product row checks its items through this index.
CREATE INDEX CONCURRENTLY IF NOT EXISTS order_items_org_product_idx
    ON order_items (org_id, product_id);

-- invoices ----------------------------------------------------------------------------------
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_org_keyset_idx
    ON invoices (org_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- ?status=X per org, and the dashboard refresh's outstanding invoices (status IN ('SENT',
-- 'OVERDUE') across all orgs), hence status first.
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_status_org_keyset_idx
    ON invoices (status, org_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- ?customerId= and the q search; full: backs invoices_customer_fkey.
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_org_customer_idx
    ON invoices (org_id, customer_id, created_at DESC, id DESC);
-- ?orderId= (VOID invoices included, which invoices_one_live_per_order leaves out); backs invoices_order_fkey.
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_org_order_idx
    ON invoices (org_id, order_id);
-- ?dueFrom/dueTo.
CREATE INDEX CONCURRENTLY IF NOT EXISTS invoices_org_due_date_idx
    ON invoices (org_id, due_date) WHERE deleted_at IS NULL;

-- users and sessions ------------------------------------------------------------------------
-- GET /api/users; full: backs users_org_id_fkey.
CREATE INDEX CONCURRENTLY IF NOT EXISTS users_org_keyset_idx
    ON users (org_id, created_at DESC, id DESC);
-- Disabling a user ends its sessions; backs sessions_user_id_fkey.
CREATE INDEX CONCURRENTLY IF NOT EXISTS sessions_user_idx
    ON sessions (user_id);

DO $$
DECLARE
    invalid text;
BEGIN
    SELECT string_agg(c.relname, ', ' ORDER BY c.relname) INTO invalid
    FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE NOT i.indisvalid AND c.relnamespace = current_schema()::regnamespace;
    IF invalid IS NOT NULL THEN
        RAISE EXCEPTION 'invalid indexes (left by a failed CREATE INDEX CONCURRENTLY): %; run scripts/drop-indexes.sql, then this script again', invalid;
    END IF;
END;
$$;
