-- Rotation keeps the old key working until expires_at (the grace period); expires_at may also be set at creation.
ALTER TABLE api_key ADD COLUMN expires_at TIMESTAMPTZ;
ALTER TABLE api_key ADD COLUMN rotated_from TEXT;
