"""A decision posted while an earlier, journaled decision of the thread is being finished (issue 10 item
9): the earlier one is applied; different decisions answer 409 `decision_superseded`, a repeat of the same
decisions (a client's retry) answers 200. The crash between journal and run is made by journaling a
decision the way the runner does and not running it."""

from __future__ import annotations

from typing import Any

import pytest

from checkpoints.journal import journal_decision
from tests.integration.api.harness import Harness

pytestmark = pytest.mark.integration

EARLIER: list[dict[str, Any]] = [{"type": "reject", "message": "not now"}, {"type": "reject"}]


async def journal_without_running(h: Harness, thread: str, reviewer: str) -> None:
    value = {"decisions": EARLIER, "reviewer": reviewer, "decided_at": h.services.now().isoformat()}
    async with h.services.pool.connection() as conn:
        await journal_decision(conn, thread, value, reviewer, center_id="S1", decided_at=h.services.now())


async def test_different_decisions_meet_409_and_the_earlier_ones_are_applied(harness: Harness) -> None:
    thread = await harness.pending_thread()
    await journal_without_running(harness, thread, harness.label("hr_admin"))
    answer = await harness.client.post(
        f"/approvals/{thread}/decisions",
        json={"decisions": [{"type": "approve"}, {"type": "approve"}]},
        headers=harness.auth("director"),
    )
    assert answer.status_code == 409, answer.text
    assert answer.json()["error"] == "decision_superseded"
    assert harness.label("hr_admin") in answer.json()["message"]
    assert harness.fake.effects == []  # the approvals posted were not applied
    outcome = await harness.services.runner.outcome(thread)
    assert outcome.status == "done"
    assert [(d.type, d.reviewer) for d in outcome.state.decisions] == [
        ("reject", harness.label("hr_admin"))
    ] * 2


async def test_the_same_decisions_again_are_a_retry_and_answer_200(harness: Harness) -> None:
    thread = await harness.pending_thread()
    await journal_without_running(harness, thread, harness.label("director"))
    answer = await harness.client.post(
        f"/approvals/{thread}/decisions", json={"decisions": EARLIER}, headers=harness.auth("director")
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "done"
    assert all(d["decided_at"].endswith(("Z", "+00:00")) for d in answer.json()["decisions"])
