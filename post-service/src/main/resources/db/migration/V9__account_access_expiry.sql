-- When an account's access ends unless its user reconnects it (tokens the platform cannot refresh); the preflight
-- warns about posts due after that.
ALTER TABLE account_view ADD COLUMN access_expires_at TIMESTAMPTZ;
