-- One status vocabulary for a thread (graph.state.ThreadStatus, DESIGN.md "Time and status"): the decision
-- journal's old `resuming` mark becomes `running` (a decided thread executing), and the index refuses any
-- other word. tests/integration/api/test_status_surfaces.py checks this list against graph.state.THREAD_STATUSES.
UPDATE audit_threads SET status = 'running' WHERE status = 'resuming';
ALTER TABLE audit_threads DROP CONSTRAINT IF EXISTS audit_threads_status_vocabulary;
ALTER TABLE audit_threads ADD CONSTRAINT audit_threads_status_vocabulary
    CHECK (status IN ('running', 'awaiting_review', 'retrying_writes', 'done', 'failed'));
