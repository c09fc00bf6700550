CREATE TABLE webhook_endpoint (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT        NOT NULL,
    url          TEXT        NOT NULL,
    description  TEXT,
    secret       TEXT        NOT NULL,
    status       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX webhook_endpoint_workspace ON webhook_endpoint (workspace_id, id);

-- One delivery per (event, endpoint): the unique key makes a replayed topic create no second delivery.
CREATE TABLE webhook_delivery (
    id                   TEXT PRIMARY KEY,
    endpoint_id          TEXT        NOT NULL REFERENCES webhook_endpoint (id),
    workspace_id         TEXT        NOT NULL,
    event_id             TEXT        NOT NULL,
    event_type           TEXT        NOT NULL,
    payload              TEXT        NOT NULL,
    status               TEXT        NOT NULL,
    attempts             INT         NOT NULL DEFAULT 0,
    next_attempt_at      TIMESTAMPTZ,
    last_response_status INT,
    last_error           TEXT,
    created_at           TIMESTAMPTZ NOT NULL,
    delivered_at         TIMESTAMPTZ,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
