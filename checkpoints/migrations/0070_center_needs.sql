-- A center's own needs as its director or HR declares them (issue 15 part 3; checkpoints.center_needs):
-- "bilingual Spanish for family communications", "STEM curriculum support". Procare holds no list of them,
-- so procare-ai keeps it; a development plan checks each against the staff member's skills profile. The text
-- is stored redacted (agents.common.redact); `declared_by` is the principal's id, `declared_at` the clock's.
CREATE TABLE IF NOT EXISTS center_needs (
    need_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    center_id   text NOT NULL,
    need        text NOT NULL,
    declared_by text NOT NULL,
    declared_at timestamptz NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS center_needs_text ON center_needs (center_id, lower(need));
