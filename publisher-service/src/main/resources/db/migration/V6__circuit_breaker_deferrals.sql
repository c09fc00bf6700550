-- Dispatches the publisher put off without calling the platform (its circuit breaker open or its bulkhead full).
-- They do not use up the destination's retry attempts: attempts made = attempt - deferrals.
ALTER TABLE publish_ledger ADD COLUMN deferrals INT NOT NULL DEFAULT 0;
