-- Purging dead sessions (#11): deleting sessions that were already expired or revoked changes no
-- cached answer (a revoked token was evicted when it was revoked, an expired one is refused on
-- read), so such deletes announce nothing and the purge flushes no live session's auth cache.
-- Deleting a live session still announces its users, as before.
CREATE FUNCTION brisk_notify_session_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    orgs  bigint[];
    users bigint[];
    msg   jsonb;
BEGIN
    SELECT array_agg(DISTINCT u.org_id), array_agg(DISTINCT u.id) INTO orgs, users
    FROM old_rows s JOIN users u ON u.id = s.user_id
    WHERE s.revoked_at IS NULL AND s.expires_at > clock_timestamp();
    IF orgs IS NULL THEN
        RETURN NULL;
    END IF;
    IF cardinality(orgs) > 500 OR cardinality(users) > 500 THEN
        msg := jsonb_build_object('table', 'sessions', 'all', true);
    ELSE
        msg := jsonb_build_object('table', 'sessions', 'orgs', to_jsonb(orgs), 'users', to_jsonb(users));
    END IF;
    PERFORM pg_notify('brisk_changes', (msg || jsonb_build_object('seq', nextval('brisk_change_seq')))::text);
    RETURN NULL;
END;
$$;

DROP TRIGGER sessions_notify_delete ON sessions;
CREATE TRIGGER sessions_notify_delete AFTER DELETE ON sessions
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION brisk_notify_session_delete();

