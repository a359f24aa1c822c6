-- An order UPDATE that leaves every column the dashboard reads as it was writes no delta, and
-- now finds that out with one query over its transition tables instead of running both delta
-- queries to an empty result. Such updates are most of an order table's updates: notes and
-- updated_at, a status "change" to the status the order already has (PATCH, or the seed's
-- status script on any order that is neither PLACED nor PAID), and every UPDATE that matched no
-- row (a statement trigger fires for those too). Measured at M in docs/performance.md (issue 12).
--
-- Exact: the old and new transition tables of one UPDATE hold the same number of rows, so when
-- no new row is missing from the old ones (EXCEPT ALL; NULLs compare equal) both are the same
-- multiset of (org_id, id, status, deleted_at, placed_at, total, customer_id): every signed sum
-- of the order's delta is zero (its HAVING drops them all) and no order became or stopped being
-- a revenue order, so the items part has nothing to move. The id is part of the comparison: a
-- statement that swaps two otherwise equal orders' statuses leaves the orders' counts as they
-- were but moves their items between revenue and non-revenue.

CREATE OR REPLACE FUNCTION dashboard_delta_orders() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, status, ref, n, amount)
        SELECT org_id, 'o', (placed_at AT TIME ZONE 'UTC')::date, status, customer_id, count(*), sum(total)
        FROM new_rows WHERE deleted_at IS NULL
        GROUP BY org_id, (placed_at AT TIME ZONE 'UTC')::date, status, customer_id;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO dashboard_delta (org_id, kind, day, status, ref, n, amount)
        SELECT org_id, 'o', (placed_at AT TIME ZONE 'UTC')::date, status, customer_id, -count(*), -sum(total)
        FROM old_rows WHERE deleted_at IS NULL
        GROUP BY org_id, (placed_at AT TIME ZONE 'UTC')::date, status, customer_id;
    ELSE
        IF NOT EXISTS (SELECT org_id, id, status, deleted_at, placed_at, total, customer_id FROM new_rows
                       EXCEPT ALL
                       SELECT org_id, id, status, deleted_at, placed_at, total, customer_id FROM old_rows) THEN
            RETURN NULL;
        END IF;
        INSERT INTO dashboard_delta (org_id, kind, day, status, ref, n, amount)
        SELECT org_id, 'o', day, status, customer_id, sum(s), sum(s * total::numeric)
        FROM (SELECT org_id, (placed_at AT TIME ZONE 'UTC')::date AS day, status, customer_id, total, 1 AS s
              FROM new_rows WHERE deleted_at IS NULL
              UNION ALL
              SELECT org_id, (placed_at AT TIME ZONE 'UTC')::date, status, customer_id, total, -1
              FROM old_rows WHERE deleted_at IS NULL) r
        GROUP BY org_id, day, status, customer_id
        HAVING sum(s) <> 0 OR sum(s * total::numeric) <> 0;

        WITH nk AS (SELECT org_id, id, (placed_at AT TIME ZONE 'UTC')::date AS day FROM new_rows
                    WHERE deleted_at IS NULL AND status IN ('PAID', 'SHIPPED') AND placed_at IS NOT NULL),
             ok AS (SELECT org_id, id, (placed_at AT TIME ZONE 'UTC')::date AS day FROM old_rows
                    WHERE deleted_at IS NULL AND status IN ('PAID', 'SHIPPED') AND placed_at IS NOT NULL),
             r AS (SELECT org_id, id, day, 1 AS s FROM (SELECT * FROM nk EXCEPT SELECT * FROM ok) a
                   UNION ALL
                   SELECT org_id, id, day, -1 FROM (SELECT * FROM ok EXCEPT SELECT * FROM nk) b)
        INSERT INTO dashboard_delta (org_id, kind, day, ref, n, amount)
        SELECT i.org_id, 'p', r.day, i.product_id, sum(r.s * i.quantity), sum(r.s * i.quantity * i.unit_price::numeric)
        FROM r JOIN order_items i ON i.org_id = r.org_id AND i.order_id = r.id AND i.deleted_at IS NULL
        GROUP BY i.org_id, r.day, i.product_id;
    END IF;
    RETURN NULL;
END;
$$;
