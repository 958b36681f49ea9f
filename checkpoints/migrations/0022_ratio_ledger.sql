-- What the live ratio workflow remembers across runs and workers (checkpoints.ratio_ledger, the
-- agents.common.ledger.AlertLedger of the service): alerts already sent, coverage proposals deferred to a
-- later run, and staff check-ins/outs of rooms (Procare's attendance lists children only). One row per
-- fact; `owner` is the event whose run recorded it, so a retried run gets the same answer.
CREATE TABLE IF NOT EXISTS ratio_ledger (
    kind        text NOT NULL CHECK (kind IN ('alert', 'deferred', 'staff_event')),
    scope       text NOT NULL,
    key         text NOT NULL,
    owner       text NOT NULL,
    taken_by    text,
    value       jsonb NOT NULL DEFAULT '{}',
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, scope, key)
);
CREATE INDEX IF NOT EXISTS ratio_ledger_recorded ON ratio_ledger (recorded_at);
