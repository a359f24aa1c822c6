-- Idempotency-Key (issue 15): the first successful answer to a write, kept so that a retry with
-- the same key replays it instead of running the write again. The row is inserted in the same
-- transaction as the write, so either both exist or neither does (a crash between commit and
-- answer still replays). Keys belong to one user of one organization.
-- request_hash: SHA-256 of method, path, query and body; the same key with another request is 422.
-- body is NULL (body_omitted) when the answer was larger than brisk.idempotency.max-stored-body.
-- Rows older than brisk.idempotency.ttl (24 h) are ignored and purged in the background.
-- No change-notification trigger: no cached answer depends on this table.
CREATE TABLE idempotency_keys (
    org_id       bigint      NOT NULL REFERENCES organizations (id),
    user_id      bigint      NOT NULL REFERENCES users (id),
    key          text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    request_hash bytea       NOT NULL,
    status       int         NOT NULL,
    location     text,
    content_type text,
    body         bytea,
    body_omitted boolean     NOT NULL DEFAULT false,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (org_id, user_id, key)
);

-- the purge: DELETE ... WHERE created_at < now() - ttl
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
