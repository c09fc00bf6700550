-- Endpoints: event-type filter, metadata, the previous secret during a rotation, why an endpoint was disabled and
-- since when it has known nothing but failures (auto-disable after 5 days).
ALTER TABLE webhook_endpoint
    ADD COLUMN event_types                TEXT,
    ADD COLUMN metadata                   TEXT,
    ADD COLUMN previous_secret            TEXT,
    ADD COLUMN previous_secret_expires_at TIMESTAMPTZ,
    ADD COLUMN disabled_reason            TEXT,
    ADD COLUMN failing_since              TIMESTAMPTZ;

-- A manual re-send (retry one, recover since) is one attempt, not a new schedule.
ALTER TABLE webhook_delivery
    ADD COLUMN manual           BOOLEAN     NOT NULL DEFAULT false,
    ADD COLUMN last_attempt_at  TIMESTAMPTZ,
    ADD COLUMN updated_at       TIMESTAMPTZ;
CREATE INDEX webhook_delivery_endpoint ON webhook_delivery (endpoint_id, id);
CREATE INDEX webhook_delivery_failed ON webhook_delivery (endpoint_id, created_at) WHERE status = 'failed';

-- Every attempt as sent and as answered: the tenant's debugging log.
CREATE TABLE webhook_attempt (
    id               TEXT PRIMARY KEY,
    delivery_id      TEXT        NOT NULL REFERENCES webhook_delivery (id),
    endpoint_id      TEXT        NOT NULL,
    workspace_id     TEXT        NOT NULL,
    attempted_at     TIMESTAMPTZ NOT NULL,
    url              TEXT        NOT NULL,
    request_headers  TEXT        NOT NULL,
    response_status  INT,
    response_body    TEXT,
    duration_ms      BIGINT      NOT NULL,
    error            TEXT,
    trigger          TEXT        NOT NULL
);
CREATE INDEX webhook_attempt_delivery ON webhook_attempt (delivery_id, id);

-- The pull feed (GET /v1/events): each event a workspace's endpoints would receive, kept at least 30 days. seq gives
-- the feed its order and cursor.
CREATE TABLE webhook_event (
    seq          BIGSERIAL PRIMARY KEY,
    id           TEXT        NOT NULL UNIQUE,
    workspace_id TEXT        NOT NULL,
    type         TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    recorded_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    payload      TEXT        NOT NULL
);
CREATE INDEX webhook_event_feed ON webhook_event (workspace_id, seq);
CREATE INDEX webhook_event_recorded ON webhook_event (recorded_at);
