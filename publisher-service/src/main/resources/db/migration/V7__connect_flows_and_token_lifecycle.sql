-- What a connect flow learns about an account, and the token lifecycle the refresher works from. Expiry times are
-- kept here (not only inside the encrypted credentials) so due refreshes are found with a query, without decrypting.
ALTER TABLE account ADD COLUMN external_id TEXT;
ALTER TABLE account ADD COLUMN avatar_url TEXT;
ALTER TABLE account ADD COLUMN scopes TEXT;
ALTER TABLE account ADD COLUMN connected_at TIMESTAMPTZ;
ALTER TABLE account ADD COLUMN last_error TEXT;
-- When the access token expires (null: it does not, or the platform did not say).
ALTER TABLE account ADD COLUMN token_expires_at TIMESTAMPTZ;
-- Whether a refresh token is stored (a platform without refresh needs the user back before token_expires_at).
ALTER TABLE account ADD COLUMN refreshable BOOLEAN NOT NULL DEFAULT FALSE;
-- A failed refresh that may succeed later (network, 5xx): the next try is not before this.
ALTER TABLE account ADD COLUMN refresh_not_before TIMESTAMPTZ;
-- The expiry an account.expiring was already sent for (sent once per expiry).
ALTER TABLE account ADD COLUMN expiring_announced_for TIMESTAMPTZ;
-- When this account's last platform call began (per-account pacing).
ALTER TABLE account ADD COLUMN last_call_at TIMESTAMPTZ;
UPDATE account SET connected_at = created_at;
-- Reconnecting the same platform user in a workspace updates its account rather than adding a second one.
CREATE UNIQUE INDEX account_external ON account (workspace_id, platform, mode, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX account_token_expiry ON account (token_expires_at) WHERE status = 'connected';

-- A connect flow between "send the user to the platform" and the platform's callback. The state is stored only as
-- its SHA-256 (a database reader cannot complete someone's flow), is single-use and expires; the PKCE code verifier
-- is sealed like a credential.
CREATE TABLE connect_session (
    id           TEXT PRIMARY KEY,
    state_hash   TEXT        NOT NULL UNIQUE,
    workspace_id TEXT        NOT NULL,
    mode         TEXT        NOT NULL,
    platform     TEXT        NOT NULL,
    redirect_uri TEXT        NOT NULL,
    return_url   TEXT,
    key_id       TEXT        NOT NULL,
    sealed_verifier BYTEA    NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    completed_at TIMESTAMPTZ,
    account_id   TEXT,
    error_code   TEXT
);
CREATE INDEX connect_session_expiry ON connect_session (expires_at);
