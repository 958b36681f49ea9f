-- Threads whose approved writes failed transiently wait in `retrying_writes` until the job queue's retry lands
-- them; the workers' sweep (services.write_retries.reschedule_stranded) finds them through this partial index.
CREATE INDEX IF NOT EXISTS audit_threads_retrying_writes ON audit_threads (updated_at)
    WHERE status = 'retrying_writes';
