-- Training seats held by pending proposals (issue 15 part 4; checkpoints.seat_claims, the seat half of the
-- service's agents.common.ledger.AlertLedger): one row per (catalog session, staff member) while a proposal
-- to assign that session waits for its decision, so two runs never both propose the session's last seat.
-- `execute` deletes the row once the decision is final; `owner` is the event whose run claimed it.
CREATE TABLE IF NOT EXISTS training_seat_claims (
    session_id  text NOT NULL,
    holder      text NOT NULL,
    center_id   text NOT NULL,
    owner       text NOT NULL,
    claimed_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, holder)
);
