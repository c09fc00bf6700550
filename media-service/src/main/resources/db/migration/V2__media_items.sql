-- Uploaded media; uploads and processing come with the media issue.
CREATE TABLE media_item (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT        NOT NULL,
    status        TEXT        NOT NULL,
    content_type  TEXT,
    size_bytes    BIGINT,
    error_code    TEXT,
    error_message TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX media_item_workspace ON media_item (workspace_id, id);
