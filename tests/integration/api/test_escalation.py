"""Escalation of approvals past their SLA (services.escalations) on the real index in Postgres: each
pending review gets its due time once, is escalated once to HR when the product clock passes it, shows
as escalated in the queue's listing, and the alert channel is told; a decided one is never escalated."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from policies.rbac import Principal
from services import approvals
from services.escalations import sweep
from tests.integration.api.harness import Harness

pytestmark = pytest.mark.integration
HR = Principal(id="hr", role="hr_admin", centers=frozenset())


async def test_an_overdue_review_is_escalated_once_and_listed_as_escalated(harness: Harness) -> None:
    sent: list[str] = []

    async def notifier(text: str) -> None:
        sent.append(text)

    harness.services.deps.notifier = notifier
    waiting = await harness.pending_thread("S1", "E1")
    decided = await harness.pending_thread("S2", "E2")

    first = await sweep(harness.services)  # credentials: due in two days by default
    assert first.scheduled >= 2 and waiting not in first.escalated
    rows = await approvals.list_pending(harness.services, HR, escalated=True)
    assert waiting not in {r.thread_id for r in rows}
    (row,) = [r for r in await approvals.list_pending(harness.services, HR) if r.thread_id == waiting]
    assert row.due_at is not None and row.due_at - row.updated_at == timedelta(days=2)

    count = len((await harness.services.runner.outcome(decided)).state.pending)
    await approvals.decide(
        harness.services, HR, decided, {"decisions": [{"type": "reject", "message": "no"}] * count}
    )
    later = datetime.now(UTC) + timedelta(days=3)
    harness.services.deps.clock = lambda: later
    try:
        second = await sweep(harness.services)
        again = await sweep(harness.services)
    finally:
        harness.services.deps.clock = lambda: datetime.now(UTC)
    assert waiting in second.escalated and decided not in second.escalated
    assert waiting not in again.escalated  # once
    assert [t for t in sent if waiting in t] and all(t.startswith("[overdue]") for t in sent)
    (escalated,) = [r for r in await approvals.list_pending(harness.services, HR, escalated=True)
                    if r.thread_id == waiting]  # fmt: skip
    assert escalated.escalated_to == "hr_admin" and escalated.escalated_at == later


async def test_a_configured_sla_and_a_failing_channel(harness: Harness) -> None:
    async def broken(text: str) -> None:
        raise RuntimeError("slack is down")

    harness.services.deps.notifier = broken
    thread = await harness.pending_thread("S1", "E1")
    swept = await sweep(harness.services, overrides={"credentials": timedelta(0)})
    assert thread in swept.escalated and thread in swept.undelivered  # escalated in the queue all the same
