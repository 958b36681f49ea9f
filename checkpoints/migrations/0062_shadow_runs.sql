-- Shadow runs (issue 18 item 3): a replay of a center's past weeks, read-only, scored against what its
-- directors did; a center leaves read_only only with one (rollout_changes.shadow_run_id names it).
CREATE TABLE IF NOT EXISTS shadow_runs (
    id            bigserial PRIMARY KEY,
    center_id     text NOT NULL,
    weeks         int NOT NULL CHECK (weeks > 0),
    window_start  timestamptz NOT NULL,
    window_end    timestamptz NOT NULL,
    ran_by        text NOT NULL,
    ran_at        timestamptz NOT NULL,
    result        jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS shadow_runs_center ON shadow_runs (center_id, ran_at DESC);
