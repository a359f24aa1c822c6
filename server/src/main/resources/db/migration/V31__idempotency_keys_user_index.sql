-- The foreign key idempotency_keys.user_id → users: deleting or re-keying a user checks it, and
-- every foreign key of Brisk is backed by an index that starts with its columns (IndexPlanIntegrationTest).
CREATE INDEX idempotency_keys_user_idx ON idempotency_keys (user_id);
