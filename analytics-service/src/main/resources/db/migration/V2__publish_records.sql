-- The latest known outcome of each destination; metric time series come with the collectors.
CREATE TABLE publish_record (
    destination_id   TEXT PRIMARY KEY,
    workspace_id     TEXT        NOT NULL,
    post_id          TEXT        NOT NULL,
    account_id       TEXT        NOT NULL,
    platform         TEXT        NOT NULL,
    status           TEXT        NOT NULL,
    platform_post_id TEXT,
    permalink        TEXT,
    error_code       TEXT,
    published_at     TIMESTAMPTZ,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX publish_record_post ON publish_record (workspace_id, post_id);
