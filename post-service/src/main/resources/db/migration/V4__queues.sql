-- Queues (Buffer style): weekly local time slots in a time zone; a queued post takes the next free slot.
CREATE TABLE queue (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT        NOT NULL,
    name         TEXT        NOT NULL,
    timezone     TEXT        NOT NULL,
    paused       BOOLEAN     NOT NULL DEFAULT false,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    version      BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX queue_workspace ON queue (workspace_id, id);

CREATE TABLE queue_slot (
    queue_id    TEXT     NOT NULL REFERENCES queue (id) ON DELETE CASCADE,
    day_of_week SMALLINT NOT NULL CHECK (day_of_week BETWEEN 1 AND 7),
    local_time  TIME     NOT NULL,
    PRIMARY KEY (queue_id, day_of_week, local_time)
);

CREATE TABLE queue_account (
    queue_id   TEXT NOT NULL REFERENCES queue (id) ON DELETE CASCADE,
    account_id TEXT NOT NULL,
    PRIMARY KEY (queue_id, account_id)
);

ALTER TABLE post ADD COLUMN queue_id TEXT;
CREATE INDEX post_queue ON post (queue_id) WHERE queue_id IS NOT NULL;
-- One post per slot of a queue: the unique key is the guard against two requests taking the same slot.
CREATE UNIQUE INDEX post_queue_slot ON post (queue_id, scheduled_at) WHERE queue_id IS NOT NULL AND status <> 'canceled';
