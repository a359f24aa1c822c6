-- Every committed change to a business table is announced on channel brisk_changes, one
-- notification per statement (not per row), so caches on every node can drop what it touched.
-- Payload (JSON): {"table": "...", "orgs": [org ids], "users": [user ids, users/sessions only],
-- "seq": n}. seq comes from one sequence, so it is unique per statement and grows with time:
-- every node that hears a change derives the same new cache generation from it.
-- NOTIFY is transactional: listeners hear it only after COMMIT, and never for a rollback.
-- A statement touching more than 500 orgs or users sends "all": true instead of the ids, which
-- keeps the payload far below PostgreSQL's 8000-byte limit.

CREATE SEQUENCE brisk_change_seq;

CREATE FUNCTION brisk_notify_change() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    orgs  bigint[];
    users bigint[];
    msg   jsonb;
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
    ELSIF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT org_id) INTO orgs FROM new_rows;
        IF TG_TABLE_NAME = 'users' THEN
            SELECT array_agg(DISTINCT id) INTO users FROM new_rows;
        END IF;
    ELSIF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'users' THEN
        -- a login only stamps last_login_at (and updated_at): nothing cached depends on those
        SELECT array_agg(DISTINCT n.org_id), array_agg(DISTINCT n.id) INTO orgs, users
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.org_id, n.email, n.name, n.password_hash, n.role, n.status, n.deleted_at)
              IS DISTINCT FROM (o.org_id, o.email, o.name, o.password_hash, o.role, o.status, o.deleted_at);
    ELSIF TG_OP = 'UPDATE' THEN
        SELECT array_agg(DISTINCT org_id) INTO orgs
        FROM (SELECT org_id FROM new_rows UNION SELECT org_id FROM old_rows) r;
    ELSE
        SELECT array_agg(DISTINCT org_id) INTO orgs FROM old_rows;
        IF TG_TABLE_NAME = 'users' THEN
            SELECT array_agg(DISTINCT id) INTO users FROM old_rows;
        END IF;
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
    PERFORM pg_notify('brisk_changes', (msg || jsonb_build_object('seq', nextval('brisk_change_seq')))::text);
    RETURN NULL;
END;
$$;

-- Transition tables allow one event per trigger, hence three triggers per table.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['customers', 'products', 'orders', 'order_items', 'invoices', 'users', 'sessions'] LOOP
        EXECUTE format('CREATE TRIGGER %1$s_notify_insert AFTER INSERT ON %1$I
                        REFERENCING NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION brisk_notify_change()', t);
        EXECUTE format('CREATE TRIGGER %1$s_notify_update AFTER UPDATE ON %1$I
                        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION brisk_notify_change()', t);
        EXECUTE format('CREATE TRIGGER %1$s_notify_delete AFTER DELETE ON %1$I
                        REFERENCING OLD TABLE AS old_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION brisk_notify_change()', t);
    END LOOP;
END;
$$;
