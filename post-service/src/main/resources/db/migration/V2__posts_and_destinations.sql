CREATE TABLE post (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT        NOT NULL,
    mode         TEXT        NOT NULL,
    caption      TEXT        NOT NULL,
    scheduled_at TIMESTAMPTZ,
    status       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    version      BIGINT      NOT NULL DEFAULT 0
);
CREATE INDEX post_workspace_created ON post (workspace_id, created_at DESC);

-- One destination per (post, account), each with its own lifecycle.
CREATE TABLE destination (
    id               TEXT PRIMARY KEY,
    post_id          TEXT        NOT NULL REFERENCES post (id),
    workspace_id     TEXT        NOT NULL,
    account_id       TEXT        NOT NULL,
    platform         TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    due_at           TIMESTAMPTZ,
    attempts         INT         NOT NULL DEFAULT 0,
    platform_post_id TEXT,
    permalink        TEXT,
    error_code       TEXT,
    error_message    TEXT,
    published_at     TIMESTAMPTZ,
    next_retry_at    TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL,
    version          BIGINT      NOT NULL DEFAULT 0,
    UNIQUE (post_id, account_id)
);
-- The dispatcher's query: due destinations, oldest first.
CREATE INDEX destination_due ON destination (due_at) WHERE status IN ('scheduled', 'retrying');

-- Read model of the publisher's accounts (herald.accounts.v1).
CREATE TABLE account_view (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT        NOT NULL,
    platform     TEXT        NOT NULL,
    handle       TEXT,
    status       TEXT        NOT NULL,
    mode         TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
