"""Issue 15 part 4 end to end: an expiring CPR card yields a proposal to assign a real renewal course that
fits the person's schedule; approved, it lands in the sandbox's training plan once, although the first
try's answer is lost and `execute` runs again.

The sandbox (seed 11, real HTTP) serves its generated catalog; the center's staff is one injected lead
teacher on weekday shifts 6:30-15:00, so weekday day classes do not fit and evening or Saturday sessions
do. The graph runs on real Postgres with the service's ledger (checkpoints.ratio_ledger and its seat
claims), so the seat a proposal holds is a row until the decision is final.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from psycopg.rows import dict_row

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from checkpoints.db import open_pool
from checkpoints.ratio_ledger import RatioLedger
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies import training_courses
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.server import RunningSandbox, sandbox_server
from services.runner import GraphRunner
from tools.client import ProcareClient

pytestmark = pytest.mark.integration

TODAY = date(2026, 11, 4)  # a Wednesday
NOW = datetime(2026, 11, 4, 16, 0, tzinfo=UTC)  # 8:00 in California
SCHOOL, ANA = "S0001", "S0001-E900"
SHIFT = (390, 900)  # 6:30-15:00, Monday to Friday
CPR_EXPIRES = date(2026, 11, 30)  # an AHA card issued in November 2024 runs to the end of November 2026


def scenario(sb: RunningSandbox) -> None:
    state = sb.state
    state.hide_generated(SCHOOL, "employees", "credentials", "training_records", "shifts")
    state.add_employees(
        SCHOOL,
        [
            {
                "employee_id": ANA,
                "person_id": "P900",
                "first_name": "Ana",
                "last_name": "Reyes",
                "email": "ana@example.org",
                "position": "Lead Teacher",
                "hire_date": "2019-08-01",
            }
        ],
    )
    state.add_credentials(
        SCHOOL,
        [
            {
                "credential_id": "CR-CPR",
                "employee_id": ANA,
                "kind": "pediatric_cpr_aha",
                "issuer": "AHA",
                "issued_on": "2024-11-02",
            },
            {
                "credential_id": "CR-FA",
                "employee_id": ANA,
                "kind": "first_aid_aha",
                "issuer": "AHA",
                "issued_on": (TODAY - timedelta(days=100)).isoformat(),
            },
            {
                "credential_id": "CR-BG",
                "employee_id": ANA,
                "kind": "background_check",
                "issuer": "State",
                "issued_on": (TODAY - timedelta(days=400)).isoformat(),
            },
        ],
    )
    days = [TODAY + timedelta(days=n) for n in range(90)]
    state.add_shifts(
        SCHOOL,
        [
            {
                "employee_id": ANA,
                "classroom_id": f"{SCHOOL}-R01",
                "date": d.isoformat(),
                "start_minutes": SHIFT[0],
                "end_minutes": SHIFT[1],
            }
            for d in days
            if d.weekday() < 5
        ],
    )


class LoseFirstAssignmentAnswer(httpx.AsyncBaseTransport):
    """The first training-plan POST reaches Procare and takes effect, then its answer is lost (the
    connection drops), as when a worker dies between the write and its checkpoint."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.method == "POST" and request.url.path.endswith("/training-plan") and not self.lost:
            self.lost += 1
            await response.aread()
            await response.aclose()
            raise httpx.ReadError("connection reset before the answer arrived", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


@asynccontextmanager
async def runner(db: str, url: str) -> AsyncIterator[tuple[GraphRunner, Any, ProcareClient]]:
    pool = await open_pool(db, max_size=4)
    client = ProcareClient(
        base_url=url, api_key=DEV_API_KEY, max_retries=0, transport=LoseFirstAssignmentAnswer()
    )
    deps = Dependencies(
        procare=client,
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "credentials"): "assistive"}),
        ledger=RatioLedger(pool),
        clock=lambda: NOW,
    )
    try:
        yield GraphRunner(build_graph(make_checkpointer(pool)), GraphContext(), deps, pool=pool), pool, client
    finally:
        await client.aclose()
        await pool.close()


async def seat_claims(pool: Any) -> list[dict[str, Any]]:
    async with pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        await cur.execute("SELECT session_id, holder, center_id FROM training_seat_claims")
        return list(await cur.fetchall())


def test_an_expiring_cpr_card_is_renewed_by_a_course_that_fits_and_lands_once(fresh_db: str) -> None:
    config = SandboxConfig(seed=11, centers=2, staff_per_center=12, today=TODAY, now=lambda: NOW)
    with sandbox_server(config) as sb:
        scenario(sb)

        async def run() -> None:
            async with runner(fresh_db, sb.url) as (graph, pool, client):
                event = Event(id="scan-cred-1", type="scan.credentials", occurred_at=NOW, center_id=SCHOOL)
                outcome = await graph.start(event)
                assert outcome.status == "awaiting_review"
                names = [p.action for p in outcome.state.proposals]
                assert names == ["send_message", "create_task", "assign_training"]  # the reminder comes too
                (proposal,) = [p for p in outcome.state.proposals if p.action == "assign_training"]
                args = proposal.args
                assert (args["employee_id"], args["credential_id"]) == (ANA, "CR-CPR")

                # A real course of the catalog: approved, near, renewing the card, before it expires, fitting
                # the shifts (weekday evenings after the shift and its commute, or a Saturday), a seat free.
                course = await client.get_training_course(args["course_id"])
                (session,) = [s for s in course.sessions if s.session_id == args["session_id"]]
                school = await client.get_school(SCHOOL)
                assert course.approved and training_courses.renewal_match("pediatric_cpr_aha", course.renews)
                assert course.location is not None and school.latitude is not None and school.longitude
                far = training_courses.distance_km(
                    school.latitude, school.longitude, course.location.latitude, course.location.longitude
                )
                assert far <= training_courses.NEAR_KM
                assert TODAY + timedelta(days=2) <= session.starts_on and session.ends_on <= CPR_EXPIRES
                weekday_evening = session.start_minutes is not None and session.start_minutes >= SHIFT[1] + 30
                assert session.starts_on.weekday() == 5 or weekday_evening
                assert session.seats_left >= 1
                assert await seat_claims(pool) == [
                    {"session_id": session.session_id, "holder": ANA, "center_id": SCHOOL}
                ]

                decisions = [
                    {"type": "approve" if p.action == "assign_training" else "reject"}
                    for p in outcome.state.proposals
                ]
                decided = await graph.resume(
                    outcome.thread_id, {"decisions": decisions}, reviewer="dir-maria"
                )
                assert decided.status == "retrying_writes"  # the answer was lost: execute must run again
                assert await seat_claims(pool) != []  # still held while the write may be retried
                done = await graph.retry_writes(outcome.thread_id)
                assert done.status == "done"
                (result,) = [r for r in done.state.results if r.action == "assign_training"]
                assert result.ok and result.attempts == 2

                plan = [a async for a in client.iter_training_plan(ANA)]
                assert [(a.course_id, a.session_id, a.credential_id, a.status) for a in plan] == [
                    (course.course_id, session.session_id, "CR-CPR", "assigned")
                ]
                assert len(sb.state.effects_for(kind="training_assignments")) == 1
                (note,) = [e["body"] for e in sb.state.effects_for(kind="staff_notes")]
                assert note["text"].startswith("Training course assigned via AI audit on 2026-11-04")
                assert outcome.thread_id in note["text"] and "dir-maria" in note["text"]
                after = await client.get_training_course(course.course_id)
                (now,) = [s for s in after.sessions if s.session_id == session.session_id]
                assert now.seats_taken == session.seats_taken + 1
                assert await seat_claims(pool) == []  # Procare counts the seat now

        asyncio.run(run())
