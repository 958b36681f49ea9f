-- Rollout governance (issue 18 item 4): every phase change is kept (who, when, from what to what), and a
-- pilot group enables a phase for a named set of centers and reviewers before everyone else.
CREATE TABLE IF NOT EXISTS rollout_changes (
    id             bigserial PRIMARY KEY,
    center_id      text NOT NULL,
    workflow       text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('phase', 'pilot_start', 'pilot_end')),
    from_phase     text,          -- the phase in effect before (null: none stored, the default applied)
    to_phase       text NOT NULL, -- the phase in effect after
    changed_by     text NOT NULL,
    changed_at     timestamptz NOT NULL,
    pilot          text,          -- the pilot group a pilot_start/pilot_end belongs to
    shadow_run_id  bigint         -- the shadow run that justified leaving read_only (issue 18 item 3)
);
CREATE INDEX IF NOT EXISTS rollout_changes_center ON rollout_changes (center_id, changed_at);

CREATE TABLE IF NOT EXISTS pilot_groups (
    name        text PRIMARY KEY,
    workflow    text NOT NULL,
    phase       text NOT NULL CHECK (phase IN ('read_only', 'assistive', 'automation')),
    centers     text[] NOT NULL,
    reviewers   text[] NOT NULL,
    started_by  text NOT NULL,
    started_at  timestamptz NOT NULL,
    ended_by    text,
    ended_at    timestamptz
);
