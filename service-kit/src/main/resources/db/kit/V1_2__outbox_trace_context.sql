-- The W3C trace context of the transaction that staged an event (null when tracing is off): the relay sends it in the
-- record's headers, so one trace follows a post across the outbox (docs/operations.md#tracing).
ALTER TABLE outbox ADD COLUMN trace_parent TEXT, ADD COLUMN trace_state TEXT;
