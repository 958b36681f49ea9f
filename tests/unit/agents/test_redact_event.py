"""Events are redacted before they are stored or run: PII keys dropped at any depth, SSNs scrubbed."""

from __future__ import annotations

from datetime import UTC, datetime

from agents.common.redact import redact_event
from agents.common.types import Event


def test_redact_event_drops_pii_keys_and_scrubs_free_text() -> None:
    event = Event(
        id="evt-1",
        type="staff.updated",
        occurred_at=datetime(2026, 11, 2, 14, 0, tzinfo=UTC),
        center_id="S1",
        data={
            "employee_id": "E1",
            "ssn": "123-45-6789",
            "Birth_Date": "1990-04-01",
            "home_address": {"line1": "1 Oak St"},
            "changes": [{"field": "bio", "new": "call me; ssn 123 45 6789"}, {"dob": "1990-04-01"}],
            "social_security_number": "123456789",
            "note": "hired 2026-11-02, badge 4412",
        },
    )
    clean = redact_event(event)
    assert clean.data == {
        "employee_id": "E1",
        "changes": [{"field": "bio", "new": "call me; ssn [REDACTED-SSN]"}, {}],
        "note": "hired 2026-11-02, badge 4412",
    }
    assert (clean.id, clean.type, clean.center_id, clean.occurred_at) == (
        event.id,
        event.type,
        event.center_id,
        event.occurred_at,
    )
    assert redact_event(clean) == clean
