-- Brisk secondary indexes rollback: drops every index scripts/create-indexes.sql (Flyway migration
-- V101__indexes.sql) creates, invalid leftovers of a failed build included, and nothing else.
-- Idempotent; not inside a transaction (DROP INDEX CONCURRENTLY does not allow one), so readers and
-- writers never wait for it. The pg_trgm extension stays: other objects may use it
-- (DROP EXTENSION pg_trgm; removes it when nothing does).
--
--   psql -h HOST -U USER -d DB -v ON_ERROR_STOP=1 -f scripts/drop-indexes.sql
--
-- On a database Flyway manages, also forget the migration so that a later start builds them again:
--   DELETE FROM flyway_schema_history WHERE version = '101';

\set ON_ERROR_STOP on
SET statement_timeout = 0;

DROP INDEX CONCURRENTLY IF EXISTS sessions_user_idx;
DROP INDEX CONCURRENTLY IF EXISTS users_org_keyset_idx;
DROP INDEX CONCURRENTLY IF EXISTS invoices_org_due_date_idx;
DROP INDEX CONCURRENTLY IF EXISTS invoices_org_order_idx;
DROP INDEX CONCURRENTLY IF EXISTS invoices_org_customer_idx;
DROP INDEX CONCURRENTLY IF EXISTS invoices_status_org_keyset_idx;
DROP INDEX CONCURRENTLY IF EXISTS invoices_org_keyset_idx;
DROP INDEX CONCURRENTLY IF EXISTS order_items_org_product_idx;
DROP INDEX CONCURRENTLY IF EXISTS order_items_org_order_idx;
DROP INDEX CONCURRENTLY IF EXISTS orders_placed_at_idx;
DROP INDEX CONCURRENTLY IF EXISTS orders_org_customer_idx;
DROP INDEX CONCURRENTLY IF EXISTS orders_org_status_keyset_idx;
DROP INDEX CONCURRENTLY IF EXISTS orders_org_keyset_idx;
DROP INDEX CONCURRENTLY IF EXISTS products_search_trgm_idx;
DROP INDEX CONCURRENTLY IF EXISTS products_org_keyset_idx;
DROP INDEX CONCURRENTLY IF EXISTS customers_search_trgm_idx;
DROP INDEX CONCURRENTLY IF EXISTS customers_org_keyset_idx;
