-- Webhook sources (issue 10 item 6, DESIGN.md "Webhooks"): each sender has its own Standard Webhooks
-- secret and the centers it may speak for. During a rotation two secrets of a source are active: the new
-- one, and the previous one until its `expires_at`. The secret is kept as given (`whsec_<base64>`):
-- verifying an HMAC needs the key itself, so unlike API tokens it cannot be stored as a hash.
CREATE TABLE IF NOT EXISTS webhook_sources (
    name        text PRIMARY KEY,
    centers     text[] NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_secrets (
    id          bigserial PRIMARY KEY,
    source      text NOT NULL REFERENCES webhook_sources (name) ON DELETE CASCADE,
    secret      text NOT NULL,
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz
);
CREATE INDEX IF NOT EXISTS webhook_secrets_source ON webhook_secrets (source, created_at);
