-- A fence per claim: each claim that may call the platform takes the next number, and a caller checks it still holds
-- the latest one right before its call. A publisher frozen past its session (its partition reassigned, the request
-- redelivered to another) then finds it was superseded and does not call the platform a second time.
ALTER TABLE publish_ledger ADD COLUMN claim_fence integer NOT NULL DEFAULT 0;
