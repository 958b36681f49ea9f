-- The service's own tables: received webhooks (dedupe + durable before the 202), API tokens (hashes only),
-- and rollout phases per center and workflow.
CREATE TABLE IF NOT EXISTS webhook_events (
    event_id     text PRIMARY KEY,
    event_type   text NOT NULL,
    center_id    text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL DEFAULT now(),
    body         jsonb NOT NULL,
    thread_id    text NOT NULL,
    job_status   text NOT NULL DEFAULT 'queued'
                 CHECK (job_status IN ('queued', 'running', 'done', 'failed')),
    job_error    text,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS webhook_events_center_time ON webhook_events (center_id, received_at);
CREATE INDEX IF NOT EXISTS webhook_events_open_jobs ON webhook_events (job_status)
    WHERE job_status IN ('queued', 'running');

CREATE TABLE IF NOT EXISTS api_tokens (
    id          bigserial PRIMARY KEY,
    token_hash  text NOT NULL UNIQUE,
    role        text NOT NULL CHECK (role IN ('director', 'hr_admin', 'auditor', 'service')),
    centers     text[] NOT NULL DEFAULT '{}',
    label       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS api_tokens_live_label ON api_tokens (label) WHERE revoked_at IS NULL;

CREATE TABLE IF NOT EXISTS rollout_phases (
    center_id   text NOT NULL,
    workflow    text NOT NULL,
    phase       text NOT NULL CHECK (phase IN ('read_only', 'assistive', 'automation')),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    updated_by  text NOT NULL,
    PRIMARY KEY (center_id, workflow)
);
