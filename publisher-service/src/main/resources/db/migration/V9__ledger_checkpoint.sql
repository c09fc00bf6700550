-- What a two-step platform call left behind before its final step (a Threads or Instagram container id): committed
-- before the final call, so a retry publishes that container once instead of making another.
ALTER TABLE publish_ledger ADD COLUMN platform_checkpoint TEXT;
