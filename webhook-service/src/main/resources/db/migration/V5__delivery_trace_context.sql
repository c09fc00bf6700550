-- The trace a delivery belongs to (the consumed event's, W3C traceparent/tracestate): the dispatcher sends it later,
-- on another thread, and its send span continues that trace. NULL when tracing was off.
ALTER TABLE webhook_delivery ADD COLUMN trace_parent TEXT;
ALTER TABLE webhook_delivery ADD COLUMN trace_state TEXT;
