-- Brisk dashboard rollback: removes everything scripts/create-materialized-views.sql (Flyway
-- migration V100__dashboard_views.sql) created, and nothing else. Idempotent.
--
--   psql -h HOST -U USER -d DB -v ON_ERROR_STOP=1 -f scripts/drop-materialized-views.sql
--
-- On a database Flyway manages, also forget the migration so a later start re-creates the views:
--   DELETE FROM flyway_schema_history WHERE version = '100';
-- Brisk's refresher then fails (logged, counted) until the views exist again; set
-- brisk.dashboard.auto-refresh=false on a database that is meant to stay without them.

BEGIN;
DROP FUNCTION IF EXISTS get_dashboard_summary(bigint);
DROP FUNCTION IF EXISTS refresh_dashboard_summary(text, bigint[]);
DROP MATERIALIZED VIEW IF EXISTS dashboard_top_customers;
DROP MATERIALIZED VIEW IF EXISTS dashboard_top_products;
DROP MATERIALIZED VIEW IF EXISTS dashboard_revenue_daily;
DROP MATERIALIZED VIEW IF EXISTS dashboard_orders_by_status;
DROP MATERIALIZED VIEW IF EXISTS dashboard_summary;
DROP MATERIALIZED VIEW IF EXISTS dashboard_as_of;
DROP TABLE IF EXISTS dashboard_refresh_log;
COMMIT;
