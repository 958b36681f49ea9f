-- Decisions are written here, with the thread marked `resuming`, in one statement before a resume runs:
-- the decision is on disk before any write-back, and a crashed resume is finished with the same decision.
CREATE TABLE IF NOT EXISTS decision_journal (
    thread_id    text PRIMARY KEY,
    resume       jsonb NOT NULL,
    reviewer     text NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now()
);
