-- Connected accounts' OAuth tokens and secrets, encrypted (envelope encryption: ciphertext holds the data key wrapped
-- with the key-encryption key key_id, then the AES-GCM encrypted payload). A table of its own, so no query or
-- export of accounts ever carries them.
CREATE TABLE account_credential (
    account_id TEXT PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    key_id     TEXT        NOT NULL,
    ciphertext BYTEA       NOT NULL,
    version    BIGINT      NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
-- Which records still use a retired key (rotation moves them lazily; an operator can check before removing a key).
CREATE INDEX account_credential_key ON account_credential (key_id);
