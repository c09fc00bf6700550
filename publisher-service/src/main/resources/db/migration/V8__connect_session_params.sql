-- What a platform's connect flow needs back at the callback (a Mastodon instance URL): never secrets.
ALTER TABLE connect_session ADD COLUMN params TEXT;

-- Herald's OAuth app on each Mastodon-style instance, registered on first use (POST /api/v1/apps) and reused; the
-- client secret sealed like a credential.
CREATE TABLE instance_app (
    platform     TEXT        NOT NULL,
    instance_url TEXT        NOT NULL,
    client_id    TEXT        NOT NULL,
    key_id       TEXT        NOT NULL,
    sealed_secret BYTEA      NOT NULL,
    redirect_uri TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform, instance_url, redirect_uri)
);
