-- Secondary indexes: each one exists because a named query needs it (docs/db-indexes.md says which,
-- and why the columns are in that order); IndexPlanIntegrationTest shows the planner using every one
-- of them at volume, and that no index here is a prefix duplicate of another.
--
-- scripts/create-indexes.sql creates the same indexes with CREATE INDEX CONCURRENTLY on a live
-- database and scripts/drop-indexes.sql drops them; IndexScriptsIntegrationTest keeps the script
-- and this migration identical. IF NOT EXISTS lets this migration run on a database where the
-- script already built the indexes. Baseline mode leaves this file out (db/optimized).
--
-- Conventions: "keyset" indexes end in (created_at DESC, id DESC), the order of every list
-- (ORDER BY t.created_at DESC, t.id DESC with (t.created_at, t.id) < (:cursorAt, :cursorId)), so a
-- page at any depth is one index range scan that stops after limit + 1 rows. Indexes that only
-- serve the API's live-row reads are partial (WHERE deleted_at IS NULL), so soft-deleted rows
-- cost nothing; indexes that also back a foreign key are full, because PostgreSQL's referential
-- checks look at deleted rows too.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- customers ---------------------------------------------------------------------------------
-- GET /api/customers (with or without status, createdFrom/createdTo, cursor); the dashboard's
-- per-org customer counts.
CREATE INDEX IF NOT EXISTS customers_org_keyset_idx
    ON customers (org_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- q on customers (name, email, company) and on orders/invoices (customer name): ILIKE '%q%'.
CREATE INDEX IF NOT EXISTS customers_search_trgm_idx
    ON customers USING gin (name gin_trgm_ops, email gin_trgm_ops, company gin_trgm_ops) WHERE deleted_at IS NULL;

-- products ----------------------------------------------------------------------------------
CREATE INDEX IF NOT EXISTS products_org_keyset_idx
    ON products (org_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX IF NOT EXISTS products_search_trgm_idx
    ON products USING gin (name gin_trgm_ops, sku gin_trgm_ops) WHERE deleted_at IS NULL;

-- orders ------------------------------------------------------------------------------------
CREATE INDEX IF NOT EXISTS orders_org_keyset_idx
    ON orders (org_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- ?status=X: the page is a range of this index whatever X's share (a status with few or no
-- orders would otherwise filter the whole org's keyset index).
CREATE INDEX IF NOT EXISTS orders_org_status_keyset_idx
    ON orders (org_id, status, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- ?customerId= and the q search (orders of the matching customers); full: backs orders_customer_fkey.
CREATE INDEX IF NOT EXISTS orders_org_customer_idx
    ON orders (org_id, customer_id, created_at DESC, id DESC);
-- ?placedFrom/placedTo, and the dashboard refresh (orders placed in the last 60 / 30 days, all orgs).
CREATE INDEX IF NOT EXISTS orders_placed_at_idx
    ON orders (placed_at) WHERE deleted_at IS NULL;

-- order items -------------------------------------------------------------------------------
-- An order's items (detail, replacing items); backs order_items_order_fkey.
CREATE INDEX IF NOT EXISTS order_items_org_order_idx
    ON order_items (org_id, order_id);
-- Backs order_items_product_fkey: deleting a product row checks its items through this index.
CREATE INDEX IF NOT EXISTS order_items_org_product_idx
    ON order_items (org_id, product_id);

-- invoices ----------------------------------------------------------------------------------
CREATE INDEX IF NOT EXISTS invoices_org_keyset_idx
    ON invoices (org_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- ?status=X per org, and the dashboard refresh's outstanding invoices (status IN ('SENT',
-- 'OVERDUE') across all orgs), hence status first.
CREATE INDEX IF NOT EXISTS invoices_status_org_keyset_idx
    ON invoices (status, org_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
-- ?customerId= and the q search; full: backs invoices_customer_fkey.
CREATE INDEX IF NOT EXISTS invoices_org_customer_idx
    ON invoices (org_id, customer_id, created_at DESC, id DESC);
-- ?orderId= (VOID invoices included, which invoices_one_live_per_order leaves out); backs invoices_order_fkey.
CREATE INDEX IF NOT EXISTS invoices_org_order_idx
    ON invoices (org_id, order_id);
-- ?dueFrom/dueTo.
CREATE INDEX IF NOT EXISTS invoices_org_due_date_idx
    ON invoices (org_id, due_date) WHERE deleted_at IS NULL;

-- users and sessions ------------------------------------------------------------------------
-- GET /api/users; full: backs users_org_id_fkey.
CREATE INDEX IF NOT EXISTS users_org_keyset_idx
    ON users (org_id, created_at DESC, id DESC);
-- Disabling a user ends its sessions; backs sessions_user_id_fkey.
CREATE INDEX IF NOT EXISTS sessions_user_idx
    ON sessions (user_id);
