-- When a key was last used: flushed from memory every 30 s, never a write per request.
ALTER TABLE api_key ADD COLUMN last_used_at TIMESTAMPTZ;
