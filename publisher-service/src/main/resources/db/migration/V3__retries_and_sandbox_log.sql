-- A retryable failure waits for the post-service's next attempt.
ALTER TABLE publish_ledger ADD COLUMN next_retry_at TIMESTAMPTZ;

-- The sandbox behaves like a platform without idempotency keys (most of them, X included): every call that reaches
-- it creates a publication, so a double publish by Herald would show as two rows. It is what the fault tests count
-- and what GET /v1/sandbox/publications lists.
ALTER TABLE sandbox_post DROP CONSTRAINT sandbox_post_idempotency_key_key;
ALTER TABLE sandbox_post RENAME COLUMN idempotency_key TO destination_id;
ALTER TABLE sandbox_post ADD COLUMN workspace_id TEXT;
ALTER TABLE sandbox_post ADD COLUMN post_id TEXT;
ALTER TABLE sandbox_post ADD COLUMN platform TEXT;
ALTER TABLE sandbox_post ADD COLUMN attempt INT;
ALTER TABLE sandbox_post ADD COLUMN permalink TEXT;
CREATE INDEX sandbox_post_destination ON sandbox_post (destination_id);
CREATE INDEX sandbox_post_workspace ON sandbox_post (workspace_id, account_id, id);
