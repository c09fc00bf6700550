-- Idempotency-Key records (IETF draft-ietf-httpapi-idempotency-key-header): per workspace, the fingerprint of the
-- first request and, once done, its response, replayed byte for byte.
CREATE TABLE idempotency_record (
    workspace_id    TEXT        NOT NULL,
    idem_key        TEXT        NOT NULL,
    fingerprint     TEXT        NOT NULL,
    state           TEXT        NOT NULL,
    response_status INT,
    response_body   TEXT,
    location        TEXT,
    locked_at       TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at    TIMESTAMPTZ,
    PRIMARY KEY (workspace_id, idem_key)
);
CREATE INDEX idempotency_record_created ON idempotency_record (created_at);
