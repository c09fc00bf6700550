-- What a post carries besides its caption (JSON: link, media_ids, first_comment, thread, overrides).
ALTER TABLE post ADD COLUMN content TEXT;

-- Read model of media-service's items (herald.media.events.v1): a post may only use the workspace's ready media.
CREATE TABLE media_view (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT        NOT NULL,
    kind         TEXT,
    status       TEXT        NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL
);
