"""N workers behave as one for live ratio alerts: two runners, each with its own pool, client and
checkpointer (two worker processes), share only Postgres (checkpoints.ratio_ledger). A violation is alerted
once whichever worker takes the events; a second event for the same room carries its own room data in its
own checkpoint; a deferred coverage proposal is made once; nothing lives in process memory."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest

from agents.common.ledger import Claims, StaffEvent
from agents.common.llm import OfflineDrafter
from checkpoints.db import open_pool
from checkpoints.ratio_ledger import RatioLedger
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from services.runner import GraphRunner, RunOutcome
from tests.unit.agents.test_ratios_agent import EIGHT_AM, TODAY, event, world

pytestmark = pytest.mark.integration


@asynccontextmanager
async def worker(db: str, alerts: list[str]) -> AsyncIterator[GraphRunner]:
    """One worker: its own pool, Procare stand-in, checkpointer and alert channel; Postgres is shared."""
    pool = await open_pool(db, max_size=3)

    async def notify(text: str) -> None:
        alerts.append(text)

    deps = Dependencies(
        procare=world(),
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "ratios"): "assistive"}),
        clock=lambda: EIGHT_AM,
        notifier=notify,
        ledger=RatioLedger(pool),
    )
    try:
        yield GraphRunner(build_graph(make_checkpointer(pool)), GraphContext(), deps, pool=pool)
    finally:
        await pool.close()


def live(outcome: RunOutcome) -> Any:
    [finding] = [f for f in outcome.state.findings if f.kind == "live_ratio_violation"]
    return finding


CHECK_OUT = {"classroom_id": "R1", "employee_id": "E2", "action": "check_out", "minute": 600}
CHECK_IN = {"classroom_id": "R1", "child_id": "K1", "action": "check_in", "minute": 610}


async def test_two_workers_alert_one_violation_once_and_each_checkpoint_holds_its_room(fresh_db: str) -> None:
    alerts_a: list[str] = []
    alerts_b: list[str] = []
    async with worker(fresh_db, alerts_a) as a, worker(fresh_db, alerts_b) as b:
        first = await a.start(event("attendance.changed", CHECK_OUT, event_id="evt-out"))
        second = await b.start(event("attendance.changed", CHECK_IN, event_id="evt-in"))

        one, two = live(first), live(second)
        assert one.alert and one.id == two.id and not two.alert  # the same violation, alerted once
        assert len(alerts_a) == 1 and alerts_b == []
        # Worker b never saw the check-out event: it knows it from Postgres, not from its memory.
        assert (
            two.evidence["since_minute"] == 600
            and two.evidence["staff_present"] == one.evidence["staff_present"]
        )
        # Each thread's own checkpoint holds the room its finding rests on.
        stored = (await b.outcome(second.thread_id)).state
        [snapshot] = [r for r in stored.reads if r.kind == "room_snapshot"]
        assert snapshot.data["minute"] == 610 and snapshot.data["staff_present"] == two.staff_ids
        assert any(r.kind == "attendance" and r.id.startswith("R1:") for r in stored.reads)
        assert any(c["child_id"] == "K1" for c in snapshot.data["children"])


async def test_concurrent_workers_racing_on_one_violation_alert_it_once(fresh_db: str) -> None:
    alerts: list[str] = []
    async with worker(fresh_db, alerts) as a, worker(fresh_db, alerts) as b:
        ledger = a.deps.ledger  # the check-out is known before both child events race
        await ledger.record_staff_event("S1", "R1", TODAY, StaffEvent("evt-out", "E2", 600, False))
        outs = await asyncio.gather(
            a.start(event("attendance.changed", CHECK_IN, event_id="evt-race-a")),
            b.start(
                event(
                    "attendance.changed", CHECK_IN | {"child_id": "K2", "minute": 611}, event_id="evt-race-b"
                )
            ),
        )
        assert sorted(live(o).alert for o in outs) == [False, True]
        assert len({live(o).id for o in outs}) == 1 and len(alerts) == 1


async def test_the_ledger_answers_a_retried_event_the_same_and_a_deferral_is_taken_once(
    fresh_db: str,
) -> None:
    pool = await open_pool(fresh_db, max_size=2)
    try:
        one, two = RatioLedger(pool), RatioLedger(pool)
        assert await one.first_alert("S1", "f1", owner="evt-1")
        assert await two.first_alert("S1", "f1", owner="evt-1")  # the same event re-run: still its alert
        assert not await two.first_alert("S1", "f1", owner="evt-2")
        assert await two.first_alert("S2", "f1", owner="evt-2")  # another center's finding

        await one.defer("S1", "w1", owner="evt-1")
        assert not await one.take_deferred("S1", "w1", owner="evt-1")  # never by the run that deferred it
        assert await two.take_deferred("S1", "w1", owner="evt-3")
        assert await one.take_deferred("S1", "w1", owner="evt-3")  # a retry of the taker
        assert not await one.take_deferred("S1", "w1", owner="evt-4")
        assert not await one.take_deferred("S1", "never-deferred", owner="evt-4")

        await one.record_staff_event("S1", "R1", TODAY, StaffEvent("e2", "E2", 620, True))
        await two.record_staff_event("S1", "R1", TODAY, StaffEvent("e1", "E2", 600, False))
        await two.record_staff_event("S1", "R1", TODAY, StaffEvent("e1", "E2", 600, False))  # redelivered
        assert await one.staff_events("S1", "R1", TODAY) == [
            StaffEvent("e1", "E2", 600, False),
            StaffEvent("e2", "E2", 620, True),
        ]
        assert await one.staff_events("S1", "R2", TODAY) == []
    finally:
        await pool.close()


async def test_a_batched_claim_answers_as_the_calls_one_by_one(fresh_db: str) -> None:
    pool = await open_pool(fresh_db, max_size=4)
    try:
        ledger = RatioLedger(pool)
        await ledger.first_alert("S1", "held-by-1", owner="evt-1")
        await ledger.first_alert("S1", "held-by-2", owner="evt-2")
        await ledger.defer("S1", "w-free", owner="evt-1")
        await ledger.defer("S1", "w-mine", owner="evt-2")  # deferred by the asking event itself
        await ledger.defer("S1", "w-taken", owner="evt-1")
        assert await ledger.take_deferred("S1", "w-taken", owner="evt-9")

        got = await ledger.claim(
            "S1",
            alerts=["held-by-1", "held-by-2", "new"],
            deferred=["w-free", "w-mine", "w-taken", "never"],
            owner="evt-2",
        )
        assert got.alerted == {"held-by-2", "new"} and got.taken == {"w-free"}
        again = await ledger.claim(  # the same event retried: the same answers
            "S1",
            alerts=["held-by-1", "held-by-2", "new"],
            deferred=["w-free", "w-mine", "w-taken", "never"],
            owner="evt-2",
        )
        assert again == got
        other = await ledger.claim("S1", alerts=["new"], deferred=["w-free"], owner="evt-3")
        assert not other.alerted and not other.taken
        assert await ledger.claim("S2", alerts=["new"], deferred=[], owner="evt-3") == Claims(
            frozenset({"new"}), frozenset()
        )
        assert await ledger.take_deferred("S1", "w-free", owner="evt-2")  # one by one agrees
        assert not await ledger.first_alert("S1", "new", owner="evt-3")

        # Many events racing for overlapping windows: each window alerted by exactly one of them.
        keys = [f"race-{i}" for i in range(12)]
        outs = await asyncio.gather(
            *(
                RatioLedger(pool).claim(
                    "S1", alerts=keys[i % 3 :] + keys[: i % 3], deferred=[], owner=f"r{i}"
                )
                for i in range(8)
            )
        )
        for key in keys:
            assert sum(key in o.alerted for o in outs) == 1
    finally:
        await pool.close()
