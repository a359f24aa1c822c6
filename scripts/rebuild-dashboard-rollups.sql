-- Brisk dashboard: rebuilds the rollups from the business tables and refreshes the views.
--
--   psql -h HOST -U USER -d DB -v ON_ERROR_STOP=1 -f scripts/rebuild-dashboard-rollups.sql
--
-- The triggers keep the rollups exact for every INSERT, UPDATE and DELETE. Run this after what
-- they do not see: a TRUNCATE of customers, orders, order_items or invoices, triggers disabled
-- (ALTER TABLE ... DISABLE TRIGGER, session_replication_role = replica), or one statement that
-- changes orders and order_items together (a writable CTE). It waits for a running refresh, then
-- holds writers of those four tables until it commits (readers go on); about the time of one
-- full scan of them (docs/performance.md, "Incremental dashboard").

\set ON_ERROR_STOP on
BEGIN;
SELECT dashboard_rebuild_rollups();
SELECT refresh_dashboard_summary('rebuild');
COMMIT;
