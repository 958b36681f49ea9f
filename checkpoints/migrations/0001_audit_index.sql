-- Index of graph threads by center and staff, so audit queries find threads without scanning checkpoints.
CREATE TABLE IF NOT EXISTS audit_threads (
    thread_id   text PRIMARY KEY,
    center_id   text NOT NULL,
    event_id    text NOT NULL,
    event_type  text NOT NULL,
    workflow    text,
    status      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS audit_threads_center_time ON audit_threads (center_id, created_at);
CREATE INDEX IF NOT EXISTS audit_threads_status ON audit_threads (status) WHERE status = 'awaiting_review';

CREATE TABLE IF NOT EXISTS audit_staff (
    staff_id   text NOT NULL,
    thread_id  text NOT NULL REFERENCES audit_threads (thread_id) ON DELETE CASCADE,
    PRIMARY KEY (staff_id, thread_id)
);
