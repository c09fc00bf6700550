ALTER TABLE post ADD COLUMN timezone TEXT;
ALTER TABLE post ADD COLUMN external_id TEXT;
ALTER TABLE post ADD COLUMN metadata TEXT;
CREATE INDEX post_workspace_external ON post (workspace_id, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX destination_post ON destination (post_id);
