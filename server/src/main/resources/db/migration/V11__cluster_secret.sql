-- One random secret per database (#11): every node of a deployment reads the same row, so cursor
-- signatures and Redis MACs agree across nodes with no configuration. Created by the first node
-- to start (INSERT ... ON CONFLICT DO NOTHING), never logged, never sent to clients.
CREATE TABLE cluster_secrets (
    name        text        PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 64),
    secret      bytea       NOT NULL CHECK (length(secret) >= 32),
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
