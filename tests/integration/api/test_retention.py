"""Retention on the real Postgres: a long-finished thread keeps only its latest checkpoint, takes fewer
bytes, and `GET /audit` answers exactly as before; paused and recent threads are not touched."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from checkpoints import retention as store
from services.retention import prune_finished
from tests.integration.api.harness import Harness


async def audit_of(harness: Harness, staff_id: str) -> Any:
    answer = await harness.client.get(f"/audit?staff_id={staff_id}", headers=harness.auth("hr_admin"))
    assert answer.status_code == 200, answer.text
    return answer.json()


async def history_of(harness: Harness, thread_id: str) -> list[Any]:
    answer = await harness.client.get(f"/threads/{thread_id}/history", headers=harness.auth("hr_admin"))
    assert answer.status_code == 200, answer.text
    items: list[Any] = answer.json()
    return items


async def test_a_finished_thread_keeps_its_latest_checkpoint_and_the_audit_answers_the_same(
    harness: Harness,
) -> None:
    finished = await harness.pending_thread("S1", "E1")
    decided = await harness.client.post(
        f"/approvals/{finished}/decisions",
        json={"decisions": [{"type": "approve"}, {"type": "reject", "message": "booked already"}]},
        headers=harness.auth("director"),
    )
    assert decided.status_code == 200 and decided.json()["status"] == "done"
    paused = await harness.pending_thread("S2", "E2")
    audit_before = await audit_of(harness, "E1")
    assert [e["thread_id"] for e in audit_before] == [finished]
    steps_before = len(await history_of(harness, finished))
    paused_steps = len(await history_of(harness, paused))
    assert steps_before > 1

    recent = await prune_finished(harness.services, older_than=timedelta(days=30))
    assert recent.threads == []  # done just now: younger than the retention age

    pruned = await prune_finished(harness.services, older_than=timedelta(0))
    assert pruned.threads == [finished]
    before, after = pruned.per_thread()
    assert 0 < after < before
    assert await store.checkpoint_bytes(harness.services.pool, [finished]) == {finished: pruned.bytes_after}

    assert await audit_of(harness, "E1") == audit_before  # every audit fact is in the kept checkpoint
    assert len(await history_of(harness, finished)) == 1
    assert len(await history_of(harness, paused)) == paused_steps  # awaiting review: not finished
    state = (await harness.services.runner.outcome(finished)).state
    assert state.status == "done" and state.decisions and state.results and state.reads

    again = await prune_finished(harness.services, older_than=timedelta(0))
    assert again.threads == []  # pruned once
    assert (await store.totals(harness.services.pool))["threads"] == 1
