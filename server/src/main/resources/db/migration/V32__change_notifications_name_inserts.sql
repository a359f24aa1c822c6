-- A statement that only inserted rows says so (#13): "insert": true in the payload. Receivers use
-- it for tables a cached response only joins for fields of its own rows (an order list searches by
-- its customers' names): a new customer is no customer of any existing order, so it cannot change
-- such a response, and only updates and deletes of the joined table drop it. The table's own
-- lists (customer lists) still drop on every insert. Otherwise the body is V20's.

CREATE OR REPLACE FUNCTION brisk_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    orgs  bigint[];
    users bigint[];
    rowids bigint[];
    msg   jsonb;
    seq   bigint;
BEGIN
    IF TG_TABLE_NAME = 'sessions' THEN
        IF TG_OP = 'INSERT' THEN
            -- a new session changes no cached answer: unknown tokens are not cached as absent
            -- under a real token's hash (256 random bits)
            RETURN NULL;
        ELSIF TG_OP = 'UPDATE' THEN
            SELECT array_agg(DISTINCT u.org_id), array_agg(DISTINCT u.id) INTO orgs, users
            FROM (SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows) s
            JOIN users u ON u.id = s.user_id;
        ELSE
            SELECT array_agg(DISTINCT u.org_id), array_agg(DISTINCT u.id) INTO orgs, users
            FROM old_rows s JOIN users u ON u.id = s.user_id;
        END IF;
    ELSIF TG_TABLE_NAME = 'users' THEN
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(DISTINCT org_id), array_agg(DISTINCT id) INTO orgs, users FROM new_rows;
        ELSIF TG_OP = 'UPDATE' THEN
            -- a login only stamps last_login_at (and updated_at): nothing cached depends on those
            SELECT array_agg(DISTINCT n.org_id), array_agg(DISTINCT n.id) INTO orgs, users
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (n.org_id, n.email, n.name, n.password_hash, n.role, n.status, n.deleted_at)
                  IS DISTINCT FROM (o.org_id, o.email, o.name, o.password_hash, o.role, o.status, o.deleted_at);
        ELSE
            SELECT array_agg(DISTINCT org_id), array_agg(DISTINCT id) INTO orgs, users FROM old_rows;
        END IF;
    ELSIF TG_TABLE_NAME = 'order_items' THEN
        IF TG_OP = 'INSERT' THEN
            SELECT array_agg(DISTINCT org_id), (array_agg(DISTINCT order_id))[1:101] INTO orgs, rowids FROM new_rows;
        ELSIF TG_OP = 'UPDATE' THEN
            SELECT array_agg(DISTINCT org_id), (array_agg(DISTINCT order_id))[1:101] INTO orgs, rowids
            FROM (SELECT org_id, order_id FROM new_rows UNION ALL SELECT org_id, order_id FROM old_rows) r;
        ELSE
            SELECT array_agg(DISTINCT org_id), (array_agg(DISTINCT order_id))[1:101] INTO orgs, rowids FROM old_rows;
        END IF;
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT org_id), (array_agg(DISTINCT id))[1:101] INTO orgs, rowids FROM new_rows;
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT org_id), (array_agg(DISTINCT id))[1:101] INTO orgs, rowids
        FROM (SELECT org_id, id FROM new_rows UNION ALL SELECT org_id, id FROM old_rows) r;
    ELSE
        SELECT array_agg(DISTINCT org_id), (array_agg(DISTINCT id))[1:101] INTO orgs, rowids FROM old_rows;
    END IF;

    IF orgs IS NULL THEN
        RETURN NULL; -- the statement touched no rows
    END IF;
    IF cardinality(orgs) > 500 OR coalesce(cardinality(users), 0) > 500 THEN
        msg := jsonb_build_object('table', TG_TABLE_NAME, 'all', true);
    ELSE
        msg := jsonb_build_object('table', TG_TABLE_NAME, 'orgs', to_jsonb(orgs));
        IF users IS NOT NULL THEN
            msg := msg || jsonb_build_object('users', to_jsonb(users));
        END IF;
    END IF;
    IF rowids IS NOT NULL THEN
        IF cardinality(rowids) > 100 THEN
            msg := msg || jsonb_build_object('wide', true);
        ELSE
            msg := msg || jsonb_build_object('rows', to_jsonb(rowids));
        END IF;
    END IF;
    IF TG_OP = 'INSERT' THEN
        msg := msg || jsonb_build_object('insert', true);
    END IF;
    seq := nextval('brisk_change_seq');
    PERFORM pg_notify('brisk_changes', (msg || jsonb_build_object('seq', seq))::text);
    IF current_setting('brisk.report_change_seq', true) = 'on' THEN
        RAISE NOTICE 'brisk_change_seq=%', seq;
    END IF;
    RETURN NULL;
END;
$$;
