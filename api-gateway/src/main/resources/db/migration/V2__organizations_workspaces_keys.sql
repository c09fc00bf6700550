CREATE TABLE organization (
    id         TEXT PRIMARY KEY,
    name       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- The isolation unit: every tenant row in every service carries a workspace id.
CREATE TABLE workspace (
    id              TEXT PRIMARY KEY,
    organization_id TEXT        NOT NULL REFERENCES organization (id),
    name            TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);

-- Only the SHA-256 of a key is stored, with a short prefix and the last four characters to recognise it.
CREATE TABLE api_key (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT        NOT NULL REFERENCES workspace (id),
    name         TEXT        NOT NULL,
    mode         TEXT        NOT NULL,
    prefix       TEXT        NOT NULL,
    last4        TEXT        NOT NULL,
    secret_hash  TEXT        NOT NULL UNIQUE,
    scopes       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_key_workspace ON api_key (workspace_id);
