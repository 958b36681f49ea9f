"""Issue 16 end to end: a performance review in the sandbox (real HTTP) through the graph on real Postgres.

At a California center (S0001) a lead teacher's annual review is due in a week; she is on leave for two
of those days. The daily review scan proposes a booking on her and the director's calendars (the
sandbox's own meetings included) on an allowed day, the form pre-filled with agenda points that each cite
their record, and the prep task. Approving writes the booking (the review's `scheduled_for` set) and the
form once; the next scan books nothing again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from checkpoints.db import open_pool
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies.review_agenda import sources_of
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.server import RunningSandbox, sandbox_server
from services.runner import GraphRunner
from tests.clock import during
from tools.client import ProcareClient

pytestmark = pytest.mark.integration

TODAY = date(2026, 11, 2)  # a Monday
SCHOOL = "S0001"
LA = ZoneInfo("America/Los_Angeles")
DIRECTOR, ANA = f"{SCHOOL}-E701", f"{SCHOOL}-E702"
REVIEW = f"{ANA}-RV2026"
LEAVE = (date(2026, 11, 3), date(2026, 11, 4))
SCAN_AT = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)  # 07:00 in Los Angeles


def _employee(emp_id: str, first: str, position: str, hired: str) -> dict[str, Any]:
    return {
        "employee_id": emp_id,
        "person_id": f"P-{emp_id}",
        "first_name": first,
        "last_name": "Reyes",
        "email": f"{emp_id.lower()}@example.org",
        "position": position,
        "hire_date": hired,
        "classroom_ids": [f"{SCHOOL}-XR-1"],
        "updated_at": SCAN_AT.isoformat(),
    }


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    with sandbox_server(SandboxConfig(seed=11, centers=2, staff_per_center=8, today=TODAY)) as running:
        state = running.state
        kinds = (
            "employees",
            "performance_reviews",
            "leaves",
            "observations",
            "shifts",
            "punches",
            "incidents",
        )
        state.hide_generated(SCHOOL, *kinds, "credentials", "training_records")
        state.add_employees(
            SCHOOL,
            [
                _employee(DIRECTOR, "Dana", "Director", "2018-02-01"),
                _employee(ANA, "Ana", "Lead Teacher", "2021-11-09"),
            ],
        )
        state.add_performance_reviews(
            SCHOOL,
            [
                {
                    "review_id": f"{DIRECTOR}-RV2026",
                    "employee_id": DIRECTOR,
                    "due_on": "2027-02-01",
                    "status": "scheduled",
                },
                {
                    "review_id": f"{ANA}-RV2025",
                    "employee_id": ANA,
                    "due_on": "2025-11-09",
                    "status": "completed",
                    "reviewer_employee_id": DIRECTOR,
                },
                {
                    "review_id": REVIEW,
                    "employee_id": ANA,
                    "due_on": "2026-11-09",
                    "status": "scheduled",
                    "reviewer_employee_id": DIRECTOR,
                },
            ],
        )
        state.inject(
            "leaves",
            SCHOOL,
            [{"employee_id": ANA, "kind": "vacation", "start": str(LEAVE[0]), "end": str(LEAVE[1])}],
        )
        state.inject(
            "observations",
            SCHOOL,
            [
                {
                    "observation_id": "OB-1",
                    "employee_id": ANA,
                    "observed_on": "2026-10-20",
                    "area": "transitions",
                    "rating": "exceeds",
                    "note": "Smooth clean-up before lunch.",
                    "observer_employee_id": DIRECTOR,
                }
            ],
        )
        days = [TODAY - timedelta(days=n) for n in (7, 6, 5, 4, 3)]
        state.add_shifts(
            SCHOOL,
            [
                {
                    "shift_id": f"SH-{d:%m%d}",
                    "employee_id": ANA,
                    "classroom_id": f"{SCHOOL}-XR-1",
                    "date": str(d),
                    "start_minutes": 420,
                    "end_minutes": 900,
                }
                for d in days
            ],
        )
        state.add_punches(
            SCHOOL,
            [
                {
                    "punch_id": f"PU-{d:%m%d}",
                    "employee_id": ANA,
                    "kind": "in",
                    "punched_at": datetime(
                        d.year, d.month, d.day, 7, 25 if n == 2 else 0, tzinfo=LA
                    ).isoformat(),
                }
                for n, d in enumerate(days)
            ],
        )
        state.add_credentials(
            SCHOOL,
            [
                {
                    "credential_id": "CR-1",
                    "employee_id": ANA,
                    "kind": "pediatric_cpr_aha",
                    "issuer": "AHA",
                    "issued_on": "2025-06-01",
                }
            ],
        )
        yield running


def test_a_due_review_is_booked_on_both_calendars_and_its_form_prefilled(
    fresh_db: str, sandbox: RunningSandbox
) -> None:
    async def scenario() -> None:
        pool = await open_pool(fresh_db, max_size=4)
        try:
            async with ProcareClient(base_url=sandbox.url, api_key=DEV_API_KEY, max_retries=0) as client:
                deps = Dependencies(
                    procare=client,
                    drafter=OfflineDrafter(),
                    rollout=StaticRollout({("*", "reviews"): "automation"}),
                    clock=lambda: SCAN_AT,
                )
                runner = GraphRunner(
                    build_graph(make_checkpointer(pool)),
                    GraphContext(as_of=during(TODAY).isoformat()),
                    deps,
                    pool=pool,
                )
                event = Event(id="scan-reviews-1", type="scan.reviews", occurred_at=SCAN_AT, center_id=SCHOOL)
                first = await runner.start(event)
                assert first.status == "awaiting_review" and first.request is not None
                actions = {a["name"]: a["args"] for a in first.request["action_requests"]}
                assert set(actions) == {"book_calendar", "prefill_review_form", "create_task", "send_message"}
                booking, form = actions["book_calendar"], actions["prefill_review_form"]
                start = datetime.fromisoformat(booking["start"])
                local = start.astimezone(LA)
                assert TODAY <= local.date() <= date(2026, 11, 9) and not LEAVE[0] <= local.date() <= LEAVE[1]
                assert local.hour >= 9 and start + timedelta(hours=1) == datetime.fromisoformat(
                    booking["end"]
                )
                assert booking["attendee_employee_ids"] == [DIRECTOR, ANA] and booking["review_id"] == REVIEW
                for person in (DIRECTOR, ANA):  # free on both calendars, as the sandbox itself answers
                    busy = [
                        b
                        async for b in client.iter_busy(
                            person, start=start - timedelta(minutes=14), end=start + timedelta(minutes=74)
                        )
                    ]
                    assert busy == []
                lines = form["form"]["agenda"].splitlines()
                assert any(
                    "1 of 5 scheduled shifts" in line and "time_punch:PU-1028" in line for line in lines
                )
                assert any("observation:OB-1" in line for line in lines)
                assert all(sources_of(line) for line in lines)
                assert sandbox.state.effects == []

                done = await runner.resume(
                    first.thread_id,
                    {"decisions": [{"type": "approve"}] * len(first.request["action_requests"])},
                    reviewer="dir-1",
                )
                assert done.status == "done" and all(r.ok for r in done.state.results)
                [booked] = sandbox.state.effects_for(kind="calendar_bookings")
                assert booked["body"]["review_id"] == REVIEW
                assert datetime.fromisoformat(booked["body"]["start"]) == start
                review = await client.get_review(REVIEW)
                assert review.form["agenda"] == form["form"]["agenda"] and review.scheduled_for == start
                busy_now = [
                    b async for b in client.iter_busy(ANA, start=start, end=start + timedelta(hours=1))
                ]
                assert [b.source for b in busy_now] == ["booking"]

                again = await runner.start(
                    Event(id="scan-reviews-2", type="scan.reviews", occurred_at=SCAN_AT, center_id=SCHOOL)
                )
                again_names = {a["name"] for a in (again.request or {}).get("action_requests", [])}
                assert not again_names & {"book_calendar", "prefill_review_form"}
                assert len(sandbox.state.effects_for(kind="calendar_bookings")) == 1
        finally:
            await pool.close()

    asyncio.run(scenario())
