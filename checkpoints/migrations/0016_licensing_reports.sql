-- Agency reports an incident requires (licensing or child protection), tracked from the run that found
-- them until a director marks them filed: the deadline, who filed, when, and the agency's reference.
CREATE TABLE IF NOT EXISTS licensing_reports (
    report_id      text PRIMARY KEY,
    center_id      text NOT NULL,
    incident_id    text NOT NULL,
    thread_id      text NOT NULL,
    kind           text NOT NULL,
    agency         text NOT NULL,
    citation       text NOT NULL,
    timing         text NOT NULL,
    due_at         timestamptz NOT NULL,
    found_at       timestamptz NOT NULL,
    filed_at       timestamptz,
    filed_by       text,
    reference      text,
    overdue_alerted_at timestamptz
);
CREATE INDEX IF NOT EXISTS licensing_reports_open ON licensing_reports (due_at) WHERE filed_at IS NULL;
CREATE INDEX IF NOT EXISTS licensing_reports_center ON licensing_reports (center_id, due_at);
