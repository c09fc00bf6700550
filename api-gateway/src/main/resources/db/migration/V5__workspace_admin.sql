-- Workspaces are managed through the API (org admins, agency keys): they can be renamed, deleted (soft: their
-- keys stop working at once, the data other services hold stays until an operator purges it) and allow browser
-- origins (CORS, off while empty).
ALTER TABLE workspace ADD COLUMN cors_origins TEXT NOT NULL DEFAULT '';
ALTER TABLE workspace ADD COLUMN deleted_at TIMESTAMPTZ;
ALTER TABLE workspace ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX workspace_organization ON workspace (organization_id, id) WHERE deleted_at IS NULL;
