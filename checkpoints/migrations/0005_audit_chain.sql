-- The tamper-evident audit chain: one hash-linked sequence per center over every decision (decision_journal)
-- and every write-back result (write_results). Each entry is written in the same transaction as the record
-- it covers; `procare-ai audit verify` recomputes record and entry hashes from the stored rows.
CREATE TABLE IF NOT EXISTS write_results (
    id               bigserial PRIMARY KEY,
    thread_id        text NOT NULL,
    center_id        text NOT NULL,
    proposal_id      text NOT NULL,
    action           text NOT NULL,
    idempotency_key  text NOT NULL,
    ok               boolean NOT NULL,
    response         jsonb,
    error            text,
    executed_at      timestamptz NOT NULL,
    staff_ids        text[] NOT NULL DEFAULT '{}',
    approved_by      text,
    UNIQUE (thread_id, idempotency_key, executed_at)
);
CREATE INDEX IF NOT EXISTS write_results_thread ON write_results (thread_id);

CREATE TABLE IF NOT EXISTS audit_chain (
    center_id    text NOT NULL,
    seq          bigint NOT NULL CHECK (seq > 0),
    kind         text NOT NULL CHECK (kind IN ('decision', 'write_result')),
    record_key   text NOT NULL,
    thread_id    text NOT NULL,
    principal    text,
    recorded_at  timestamptz NOT NULL,
    record_hash  text NOT NULL,
    prev_hash    text NOT NULL,
    entry_hash   text NOT NULL UNIQUE,
    PRIMARY KEY (center_id, seq),
    UNIQUE (kind, record_key)
);
CREATE INDEX IF NOT EXISTS audit_chain_center_time ON audit_chain (center_id, recorded_at);

-- The center of a journaled decision, so a center's chain can be checked against every decision it covers.
ALTER TABLE decision_journal ADD COLUMN IF NOT EXISTS center_id text;
