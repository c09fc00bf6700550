-- When a post first named the file (issue 7: media never attached to any post is cleaned up after a TTL). Files that
-- active posts use now count as attached.
ALTER TABLE media_item ADD COLUMN first_attached_at TIMESTAMPTZ;
UPDATE media_item SET first_attached_at = now() WHERE id IN (SELECT media_id FROM media_usage);
CREATE INDEX media_item_unattached ON media_item (created_at) WHERE first_attached_at IS NULL AND status = 'ready';
