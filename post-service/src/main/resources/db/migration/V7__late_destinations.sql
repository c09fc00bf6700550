-- The watchdog flags a destination late once (post.late) when it is still not final well after its due time.
ALTER TABLE destination ADD COLUMN late_at TIMESTAMPTZ;
CREATE INDEX destination_unfinished_due ON destination (due_at)
    WHERE status IN ('scheduled', 'queued', 'retrying');
