-- A received event's job attempts: counted when an attempt *starts* (before anything else the job does), so an
-- attempt that dies on a dropped connection is still counted, and the sweep that re-takes events whose job
-- vanished (procare_ai.jobs.retake_orphaned_events) stops after the same number of attempts and parks the event
-- as `failed`. The sweep looks for open events (queued, running) by age.
ALTER TABLE webhook_events ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0;
ALTER TABLE webhook_events ADD COLUMN IF NOT EXISTS last_attempt_at timestamptz;
CREATE INDEX IF NOT EXISTS webhook_events_open_by_age ON webhook_events (updated_at)
    WHERE job_status IN ('queued', 'running');
CREATE INDEX IF NOT EXISTS webhook_events_failed ON webhook_events (center_id, updated_at)
    WHERE job_status = 'failed';
