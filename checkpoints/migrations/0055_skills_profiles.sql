-- Stored skills profiles (checkpoints.skills_profiles): per staff member, the contract-shaped profile read
-- from Procare (PII scrubbed) and the skills with their evidence built from it on `built_for`, so a need
-- search reads one center's rows instead of re-reading Procare. A row is replaced when the person's record
-- changes (`staff.updated`, `staff.hired`, `training.completed`) or the center is rebuilt; `skills_centers`
-- says a center was read whole, so a search can tell "no one fits" from "never read".
CREATE TABLE IF NOT EXISTS skills_profiles (
    center_id   text NOT NULL,
    staff_id    text NOT NULL,
    profile     jsonb NOT NULL,
    skills      jsonb NOT NULL,
    built_for   date NOT NULL,
    source      text NOT NULL,
    updated_at  timestamptz NOT NULL,
    PRIMARY KEY (center_id, staff_id)
);
CREATE TABLE IF NOT EXISTS skills_centers (
    center_id   text PRIMARY KEY,
    staff_count int NOT NULL,
    timezone    text NOT NULL,
    built_for   date NOT NULL,
    built_at    timestamptz NOT NULL
);
