-- An order item's delta takes its day and its revenue status from its order, and an order's
-- UPDATE delta moves the items it can see. Under READ COMMITTED the two could miss each other: an
-- item written while its order's UPDATE was still uncommitted read the order's old version, and
-- the order's trigger could not see the uncommitted item, so the item's delta landed on the old
-- day (or was never written for an order that had just become PAID). The fold then kept a +n on
-- one day and a -n on another that no row explains.
--
-- The item trigger now first locks its orders FOR SHARE, by key and without any filter (a row
-- filtered out in the old snapshot would never be locked). FOR SHARE waits for an uncommitted
-- UPDATE of the order and makes a later one wait for this transaction; other item writers (FOR
-- SHARE, the foreign key's FOR KEY SHARE) are not blocked. The delta query after it runs in a new
-- snapshot that sees the order as committed; an order UPDATE that had to wait runs its trigger
-- after this transaction committed, so it sees these items. The API locks the order FOR UPDATE
-- before it touches items, so the two never wait for each other in opposite orders.
CREATE OR REPLACE FUNCTION dashboard_delta_order_items() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM 1 FROM orders o WHERE (o.org_id, o.id) IN (SELECT org_id, order_id FROM new_rows)
        ORDER BY o.id FOR SHARE OF o;
        INSERT INTO dashboard_delta (org_id, kind, day, ref, n, amount)
        SELECT i.org_id, 'p', (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id,
               sum(i.quantity), sum(i.quantity * i.unit_price::numeric)
        FROM new_rows i JOIN orders o ON o.org_id = i.org_id AND o.id = i.order_id
        WHERE i.deleted_at IS NULL AND o.deleted_at IS NULL AND o.status IN ('PAID', 'SHIPPED')
        GROUP BY i.org_id, (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM 1 FROM orders o WHERE (o.org_id, o.id) IN (SELECT org_id, order_id FROM old_rows)
        ORDER BY o.id FOR SHARE OF o;
        INSERT INTO dashboard_delta (org_id, kind, day, ref, n, amount)
        SELECT i.org_id, 'p', (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id,
               -sum(i.quantity), -sum(i.quantity * i.unit_price::numeric)
        FROM old_rows i JOIN orders o ON o.org_id = i.org_id AND o.id = i.order_id
        WHERE i.deleted_at IS NULL AND o.deleted_at IS NULL AND o.status IN ('PAID', 'SHIPPED')
        GROUP BY i.org_id, (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id;
    ELSE
        PERFORM 1 FROM orders o
        WHERE (o.org_id, o.id) IN (SELECT org_id, order_id FROM new_rows UNION SELECT org_id, order_id FROM old_rows)
        ORDER BY o.id FOR SHARE OF o;
        INSERT INTO dashboard_delta (org_id, kind, day, ref, n, amount)
        SELECT i.org_id, 'p', (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id,
               sum(i.s * i.quantity), sum(i.s * i.quantity * i.unit_price::numeric)
        FROM (SELECT org_id, order_id, product_id, quantity, unit_price, 1 AS s FROM new_rows WHERE deleted_at IS NULL
              UNION ALL
              SELECT org_id, order_id, product_id, quantity, unit_price, -1 FROM old_rows WHERE deleted_at IS NULL) i
        JOIN orders o ON o.org_id = i.org_id AND o.id = i.order_id
        WHERE o.deleted_at IS NULL AND o.status IN ('PAID', 'SHIPPED')
        GROUP BY i.org_id, (o.placed_at AT TIME ZONE 'UTC')::date, i.product_id
        HAVING sum(i.s * i.quantity) <> 0 OR sum(i.s * i.quantity * i.unit_price::numeric) <> 0;
    END IF;
    RETURN NULL;
END;
$$;
