-- An order is billed by at most one live, non-void invoice. The API checks this under a row lock
-- on the order; the constraint also holds for writes made outside the API (psql, imports).
CREATE UNIQUE INDEX invoices_one_live_per_order ON invoices (org_id, order_id)
    WHERE deleted_at IS NULL AND status <> 'VOID';
