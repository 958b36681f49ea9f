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

from agents.common.ledger import Claims, MemoryLedger, StaffEvent
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


@pytest.mark.parametrize("kind", ["postgres", "memory"])
async def test_a_deferred_window_waits_with_its_numbers_until_a_follow_up_takes_it(
    fresh_db: str, kind: str
) -> None:
    """The hand-off of an attendance event to its follow-up run: the live run asks without taking
    (`take=False`: `waiting`), the follow-up lists and takes the day's waiting windows, a window past its
    cap is given back for a later run; both ledgers answer alike."""
    pool = await open_pool(fresh_db, max_size=2)
    try:
        ledger: Any = RatioLedger(pool) if kind == "postgres" else MemoryLedger()
        late = {"classroom_id": "R1", "date": str(TODAY), "start": 700, "now": 480}
        soon = {**late, "start": 600}
        await ledger.defer("S1", "w-late", owner="evt-1", window=late)
        await ledger.defer("S1", "w-soon", owner="evt-1", window=soon)
        await ledger.defer("S1", "w-other-day", owner="evt-1", window={**late, "date": "2026-11-03"})
        asked = await ledger.claim("S1", alerts=[], deferred=["w-late", "w-none"], owner="evt-2", take=False)
        assert asked.waiting == {"w-late"} and not asked.taken  # nothing taken by a live run
        assert await ledger.waiting("S1", TODAY, owner="evt-1") == []  # never the run that deferred them
        found = await ledger.waiting("S1", TODAY, owner="fu-1")
        assert found == [("w-soon", soon), ("w-late", late)]  # soonest first
        took = await ledger.claim("S1", alerts=[], deferred=["w-soon", "w-late"], owner="fu-1")
        assert took.taken == {"w-soon", "w-late"}
        assert await ledger.waiting("S1", TODAY, owner="fu-2") == []  # taken: not another's
        retry = await ledger.waiting("S1", TODAY, owner="fu-1")  # a retry of the taker: the same list
        assert [k for k, _ in retry] == ["w-soon", "w-late"]
        await ledger.defer("S1", "w-late", owner="fu-1", window=late)  # past fu-1's cap: given back
        assert await ledger.waiting("S1", TODAY, owner="fu-2") == [("w-late", late)]
        again = await ledger.claim("S1", alerts=[], deferred=["w-late"], owner="evt-3", take=False)
        assert again.waiting == {"w-late"}
    finally:
        await pool.close()


async def test_an_attendance_event_hands_its_coverage_search_to_a_follow_up_another_worker_runs(
    fresh_db: str,
) -> None:
    """The live run alerts the predicted window and proposes nothing for it; the follow-up run (on
    another worker: nothing but Postgres shared) proposes once, from its own reads."""
    check_in = {"classroom_id": "R3", "child_id": "Q9", "action": "check_in", "minute": 480, "age_months": 50}
    async with worker(fresh_db, []) as a, worker(fresh_db, []) as b:
        first = await a.start(event("attendance.changed", check_in))
        predicted = [f for f in first.state.findings if f.kind == "predicted_ratio_violation"]
        assert predicted and all(f.alert and f.evidence["coverage_pending"] for f in predicted)
        assert first.status == "done" and not first.state.proposals
        [follow_up] = first.state.follow_ups
        covered = await b.start(follow_up)
        assert covered.status == "awaiting_review" and covered.request is not None
        assert {p.finding_id for p in covered.state.proposals} == {f.id for f in predicted}
        assert any(r.kind == "attendance" for r in covered.state.reads)  # its own reads, checkpointed
        second = await b.start(follow_up.model_copy(update={"id": "ratio-cover-again"}))
        assert not second.state.proposals  # proposed once
