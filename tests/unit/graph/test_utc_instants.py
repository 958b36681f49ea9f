"""`decided_at` and `executed_at` are held and served in UTC with their offset (issue 10 item 9)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from graph.state import Decision, WriteResult

CENTRAL = timezone(timedelta(hours=-6))


def test_an_instant_with_another_offset_is_held_in_utc() -> None:
    d = Decision(
        proposal_id="p",
        type="approve",
        reviewer="maria",
        decided_at=datetime(2026, 11, 2, 8, 30, tzinfo=CENTRAL),
    )
    assert d.decided_at == datetime(
        2026, 11, 2, 14, 30, tzinfo=UTC
    ) and d.decided_at.utcoffset() == timedelta(0)
    assert d.model_dump(mode="json")["decided_at"] == "2026-11-02T14:30:00Z"


def test_an_offset_less_instant_is_read_as_utc_and_written_with_its_offset() -> None:
    r = WriteResult.model_validate(
        {
            "proposal_id": "p",
            "action": "create_task",
            "idempotency_key": "k",
            "ok": True,
            "executed_at": "2026-11-02T14:30:00",
        }
    )
    assert r.executed_at.tzinfo is UTC
    assert r.model_dump(mode="json")["executed_at"].endswith("Z")
    assert WriteResult.model_validate_json(r.model_dump_json()) == r
