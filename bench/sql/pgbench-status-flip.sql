-- pgbench: a status change that really changes the status (PLACED <-> PAID on an order that is
-- one of the two), unlike pgbench-status-update.sql, whose random order is neither in about
-- three cases of four. Needs the order ids in a numbered table, made once on the bench database:
--   CREATE TABLE flip_ids AS SELECT row_number() OVER (ORDER BY id)::int AS i, id FROM orders
--   WHERE status IN ('PLACED', 'PAID') AND deleted_at IS NULL;  ALTER TABLE flip_ids ADD PRIMARY KEY (i);
-- and n = its row count: pgbench -D n=273518 ... (size M, seed 42).
\set i random(1, :n)
UPDATE orders SET status = CASE status WHEN 'PLACED' THEN 'PAID' WHEN 'PAID' THEN 'PLACED' ELSE status END,
                  updated_at = clock_timestamp()
WHERE id = (SELECT id FROM flip_ids WHERE i = :i);
