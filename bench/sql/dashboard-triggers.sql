-- Turns the dashboard's delta triggers off or on (for the write-overhead comparison only):
--   psql -d DB -v state=DISABLE -f bench/sql/dashboard-triggers.sql   (or state=ENABLE)
-- Afterwards run scripts/rebuild-dashboard-rollups.sql: writes made while off are not counted.
\set ON_ERROR_STOP on
ALTER TABLE orders :state TRIGGER orders_dashboard_insert, :state TRIGGER orders_dashboard_update,
                   :state TRIGGER orders_dashboard_delete;
ALTER TABLE order_items :state TRIGGER order_items_dashboard_insert, :state TRIGGER order_items_dashboard_update,
                        :state TRIGGER order_items_dashboard_delete;
ALTER TABLE invoices :state TRIGGER invoices_dashboard_insert, :state TRIGGER invoices_dashboard_update,
                     :state TRIGGER invoices_dashboard_delete;
ALTER TABLE customers :state TRIGGER customers_dashboard_insert, :state TRIGGER customers_dashboard_update,
                      :state TRIGGER customers_dashboard_delete;
