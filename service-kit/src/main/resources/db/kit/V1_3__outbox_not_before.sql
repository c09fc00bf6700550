-- When the relay may send an event (null: at once). The post-service stages publish requests a little ahead of their
-- due time and the relay sends them at that time, so a burst due at one instant leaves without a claiming backlog.
ALTER TABLE outbox ADD COLUMN not_before TIMESTAMPTZ;
-- The relay's look-up of the next held event (only held rows are indexed).
CREATE INDEX outbox_not_before ON outbox (not_before) WHERE not_before IS NOT NULL;
