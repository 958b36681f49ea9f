-- Tokens expire and say when they were last used (issue 10 item 7). Tokens issued before this migration
-- keep no expiry until rotated (`procare-ai tokens rotate`); new director tokens get one by default.
ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS expires_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS last_used_at timestamptz;
