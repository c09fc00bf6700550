-- Connected social accounts (credentials come with the connectors; the sandbox needs none).
CREATE TABLE account (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT        NOT NULL,
    platform     TEXT        NOT NULL,
    handle       TEXT        NOT NULL,
    display_name TEXT,
    status       TEXT        NOT NULL,
    mode         TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX account_workspace ON account (workspace_id, id);

-- One row per destination: what the publisher did about it. in_flight is committed before the platform call,
-- so a crash during the call is seen on redelivery and reconciled instead of blindly published again.
CREATE TABLE publish_ledger (
    destination_id   TEXT PRIMARY KEY,
    workspace_id     TEXT        NOT NULL,
    post_id          TEXT        NOT NULL,
    account_id       TEXT        NOT NULL,
    platform         TEXT        NOT NULL,
    state            TEXT        NOT NULL,
    attempt          INT         NOT NULL,
    platform_calls   INT         NOT NULL DEFAULT 0,
    platform_post_id TEXT,
    permalink        TEXT,
    error_code       TEXT,
    error_message    TEXT,
    published_at     TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL
);

-- The sandbox platform's own store: what it "published", unique per idempotency key like a real platform's
-- Idempotency-Key support.
CREATE TABLE sandbox_post (
    id              TEXT PRIMARY KEY,
    account_id      TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL UNIQUE,
    text            TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
