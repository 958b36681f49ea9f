"""Follow-up runs on the real queue (services.follow_ups): a run's follow-up events are stored and queued on
the batch lane, at most one waiting per center, type and coalescing key; once one has begun, the next
asks for a new one (the waiting one would have read the ledger too early)."""

from __future__ import annotations

from datetime import date

import pytest

from agents.common.types import Event
from agents.ratios.coverage_due import coverage_due_event
from checkpoints.events import begin_attempt, load_event
from graph.state import GraphState
from procare_ai.jobs import QUEUE, YieldingRetry
from services.follow_ups import accept_follow_ups
from services.runner import RunOutcome
from tests.integration.queue_world import event, queue_world

pytestmark = pytest.mark.integration

DAY = date(2026, 11, 2)


def _asked(*follow_ups: Event) -> RunOutcome:
    trigger = event(center="P1")
    state = GraphState(event=trigger, follow_ups=list(follow_ups))
    return RunOutcome(f"P1:{trigger.id}", "done", state)


async def test_follow_ups_are_queued_on_the_batch_lane_and_coalesced_while_one_waits(fresh_db: str) -> None:
    async with queue_world(fresh_db, YieldingRetry(attempts=2, wait=0.01)) as w:
        first = coverage_due_event(event(center="P1"), DAY)
        assert await accept_follow_ups(w.services, _asked(first)) == [first.id]
        [job] = await w.jobs_of(first.id)
        queue = await w.rows("SELECT queue_name FROM procrastinate_jobs WHERE id = %s", job["id"])
        assert queue[0]["queue_name"] == QUEUE and job["lock"] == "center:P1"

        second = coverage_due_event(event(center="P1"), DAY)
        assert await accept_follow_ups(w.services, _asked(second)) == []  # the waiting one serves it
        assert await load_event(w.services.pool, second.id) is None
        assert await accept_follow_ups(w.services, _asked(first)) == []  # a retried run asks again: no-op

        other_day = coverage_due_event(event(center="P1"), date(2026, 11, 3))
        other_center = coverage_due_event(event(center="P2"), DAY)
        both = await accept_follow_ups(w.services, _asked(other_day, other_center))
        assert both == [other_day.id, other_center.id]

        await begin_attempt(w.services.pool, first.id)  # the waiting one has begun: the next is queued
        third = coverage_due_event(event(center="P1"), DAY)
        assert await accept_follow_ups(w.services, _asked(third)) == [third.id]
