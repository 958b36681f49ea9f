-- Listing pending approvals a page at a time (issue 19): the oldest-first keyset order of GET /approvals
-- as an index over the waiting rows only, so a page is an index range scan of `limit` rows instead of a
-- sort of the whole queue, and `total` is an index-only count. The center-led twin serves a director's
-- scope (a few centers among many) the same way. Both cover every query the old (status) partial index
-- answered, so it goes.
CREATE INDEX IF NOT EXISTS audit_threads_pending_order
    ON audit_threads (updated_at, thread_id) INCLUDE (center_id) WHERE status = 'awaiting_review';
CREATE INDEX IF NOT EXISTS audit_threads_pending_center
    ON audit_threads (center_id, updated_at, thread_id) WHERE status = 'awaiting_review';
DROP INDEX IF EXISTS audit_threads_status;
