-- The pending review's request summary (staff ids, action names and descriptions) on the index row, so
-- listing what waits for a director is one query instead of one checkpoint load per thread.
ALTER TABLE audit_threads ADD COLUMN IF NOT EXISTS request_summary jsonb;
