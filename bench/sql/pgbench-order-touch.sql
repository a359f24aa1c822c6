-- pgbench: an order UPDATE that changes nothing the dashboard reads (updated_at only, as a notes
-- edit would): the case V106's shortcut is for.
\set id random(1, 1000000)
UPDATE orders SET updated_at = clock_timestamp() WHERE id = :id;
