-- Uploads (three modes), processing results and per-platform compatibility (issue 7).
ALTER TABLE media_item
    ADD COLUMN source              TEXT,
    ADD COLUMN source_url          TEXT,
    ADD COLUMN filename            TEXT,
    ADD COLUMN alt_text            TEXT,
    ADD COLUMN declared_type       TEXT,
    ADD COLUMN kind                TEXT,
    ADD COLUMN width               INT,
    ADD COLUMN height              INT,
    ADD COLUMN duration_ms         BIGINT,
    ADD COLUMN video_codec         TEXT,
    ADD COLUMN sha256              TEXT,
    ADD COLUMN storage_key         TEXT,
    ADD COLUMN thumbnail_key       TEXT,
    ADD COLUMN compatibility       TEXT,
    ADD COLUMN upload_expires_at   TIMESTAMPTZ,
    ADD COLUMN upload_received_at  TIMESTAMPTZ;
-- Dedupe within a workspace: the same bytes again share the stored object.
CREATE INDEX media_item_sha256 ON media_item (workspace_id, sha256) WHERE sha256 IS NOT NULL;
-- The cleanup looks for old pending and failed items.
CREATE INDEX media_item_status_created ON media_item (status, created_at);
