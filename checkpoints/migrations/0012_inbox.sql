-- The director inbox: browser sessions (only a hash of the cookie is kept, each bound to the API token it
-- was opened with and carrying its CSRF token) and approval escalations (a pending review's SLA deadline,
-- when it passed and who was told).
CREATE TABLE IF NOT EXISTS inbox_sessions (
    session_hash  text PRIMARY KEY,
    token_hash    text NOT NULL,
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL,
    ended_at      timestamptz
);
CREATE INDEX IF NOT EXISTS inbox_sessions_token ON inbox_sessions (token_hash);

CREATE TABLE IF NOT EXISTS approval_escalations (
    thread_id      text PRIMARY KEY REFERENCES audit_threads (thread_id) ON DELETE CASCADE,
    center_id      text NOT NULL,
    workflow       text,
    waiting_since  timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    escalated_at   timestamptz,
    escalated_to   text,
    notified       boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS approval_escalations_due ON approval_escalations (due_at) WHERE escalated_at IS NULL;
