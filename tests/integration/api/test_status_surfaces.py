"""A thread that waits for a director says `awaiting_review` on every surface (audit index, `GET /audit`,
history, detail, metrics), a decision being executed is `running` (no private `resuming` word), and the
index refuses a status outside the one vocabulary (graph.state.THREAD_STATUSES)."""

from __future__ import annotations

import psycopg
import pytest

from checkpoints import audit_index
from checkpoints.journal import journal_decision
from graph.state import THREAD_STATUSES
from tests.integration.api.harness import Harness

pytestmark = pytest.mark.integration


async def test_a_paused_thread_is_awaiting_review_on_every_surface(harness: Harness) -> None:
    thread = await harness.pending_thread()
    row = await audit_index.thread(harness.services.pool, thread)
    assert row is not None and row.status == "awaiting_review"

    audit = await harness.client.get("/audit", params={"staff_id": "E1"}, headers=harness.auth("auditor"))
    entry = next(e for e in audit.json() if e["thread_id"] == thread)
    assert entry["status"] == "awaiting_review"  # the audit used to say `running` here

    history = await harness.client.get(f"/threads/{thread}/history", headers=harness.auth("auditor"))
    newest = history.json()[0]
    assert newest["next"] == ["human_review"] and newest["values"]["status"] == "awaiting_review"

    detail = await harness.client.get(f"/approvals/{thread}", headers=harness.auth("director"))
    assert detail.json()["status"] == "awaiting_review"

    decided = await harness.client.post(
        f"/approvals/{thread}/decisions",
        json={"decisions": [{"type": "approve"}, {"type": "reject"}]},
        headers=harness.auth("director"),
    )
    assert decided.status_code == 200 and decided.json()["status"] == "done"
    row = await audit_index.thread(harness.services.pool, thread)
    assert row is not None and row.status == "done"
    audit = await harness.client.get("/audit", params={"staff_id": "E1"}, headers=harness.auth("auditor"))
    assert next(e for e in audit.json() if e["thread_id"] == thread)["status"] == "done"


async def test_a_journaled_decision_marks_the_thread_running_and_the_sweep_finds_it(harness: Harness) -> None:
    thread = await harness.pending_thread()
    async with harness.services.pool.connection() as conn:
        await journal_decision(
            conn,
            thread,
            {"decisions": [{"type": "approve"}, {"type": "approve"}], "reviewer": "d"},
            "d",
            center_id="S1",
            decided_at=harness.services.now(),
        )
    row = await audit_index.thread(harness.services.pool, thread)
    assert row is not None and row.status == "running"
    assert thread in await audit_index.stalled_threads(harness.services.pool, older_than_seconds=-1)
    recovered = await harness.services.runner.recover(thread)
    assert recovered.status == "done"
    row = await audit_index.thread(harness.services.pool, thread)
    assert row is not None and row.status == "done"
    assert thread not in await audit_index.stalled_threads(harness.services.pool, older_than_seconds=-1)


def test_the_index_accepts_the_vocabulary_and_refuses_any_other_word(api_db_url: str) -> None:
    insert = (
        "INSERT INTO audit_threads (thread_id, center_id, event_id, event_type, status) "
        "VALUES (%s, 'S9', 'e', 'staff.updated', %s)"
    )
    with psycopg.connect(api_db_url, autocommit=True) as conn:
        for status in THREAD_STATUSES:
            conn.execute(insert, (f"vocab-{status}", status))
        for word in ("resuming", "waiting", "ok"):
            with pytest.raises(psycopg.errors.CheckViolation), conn.transaction():
                conn.execute(insert, (f"vocab-{word}", word))
        conn.execute("DELETE FROM audit_threads WHERE thread_id LIKE 'vocab-%'")
