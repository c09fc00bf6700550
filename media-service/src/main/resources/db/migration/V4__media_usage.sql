-- Which posts use which media, learnt from the post events (issue 7): a file attached to a post that is not final is
-- neither deleted (409 media_in_use) nor cleaned up. One row per post seen, with its last known status and the time
-- of the event that told it (an older event arriving late changes nothing).
CREATE TABLE post_usage (
    post_id      TEXT PRIMARY KEY,
    workspace_id TEXT        NOT NULL,
    post_status  TEXT        NOT NULL,
    active       BOOLEAN     NOT NULL,
    event_at     TIMESTAMPTZ NOT NULL
);
-- The media of the posts still active (a final post's rows are removed): the per-media usage.
CREATE TABLE media_usage (
    post_id  TEXT NOT NULL REFERENCES post_usage (post_id) ON DELETE CASCADE,
    media_id TEXT NOT NULL,
    PRIMARY KEY (post_id, media_id)
);
CREATE INDEX media_usage_media ON media_usage (media_id);
-- The cleanup forgets final posts after the TTL.
CREATE INDEX post_usage_inactive ON post_usage (event_at) WHERE NOT active;
