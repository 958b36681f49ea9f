-- Retention (issue 18 item 5): which finished threads had their intermediate checkpoints pruned, when,
-- and the bytes their checkpoint rows took before and after.
CREATE TABLE IF NOT EXISTS checkpoint_retention (
    thread_id     text PRIMARY KEY,
    pruned_at     timestamptz NOT NULL,
    bytes_before  bigint NOT NULL,
    bytes_after   bigint NOT NULL
);
