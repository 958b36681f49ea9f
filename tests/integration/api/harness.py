"""A real Postgres database per test module (migrations applied), and an API harness per test.

The harness is the real app (`create_app`) over httpx's ASGI transport, with the real graph runner on the
Postgres checkpointer; only the outside world is faked: Procare (tests/fakes.FakeProcare) and the job
queue (a recording Enqueuer whose jobs the test runs as a worker would).
"""

from __future__ import annotations

import asyncio
import base64
import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from fastapi import FastAPI
from psycopg import AsyncConnection
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from pydantic import SecretStr

from agents.common.llm import OfflineDrafter
from api.app import create_app
from api.config import ApiConfig
from api.webhook_signature import signed_headers
from checkpoints import shadow_runs
from checkpoints.db import open_pool
from checkpoints.events import load_event, set_job_status
from checkpoints.migrate import apply_migrations
from checkpoints.rollout_store import RolloutStore, set_phase
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies
from services.context import Services
from services.ingest import Lane
from services.runner import GraphRunner, RunOutcome
from services.tokens import create_token
from tests.clock import during
from tests.fakes import NOW, FakeProcare, credential, employee, school

SECRET = "whsec_" + base64.b64encode(b"api-tests-secret-0123456789abcdef").decode()
TODAY = date(2026, 11, 2)
ROLES = {
    "director": ("director", ["S1"]),
    "director_b": ("director", ["S2"]),
    "hr_admin": ("hr_admin", []),
    "auditor": ("auditor", ["S1"]),
    "service": ("service", []),
}


def with_db(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo("", **params)


@pytest.fixture(scope="module")
def api_db_url(pg_server_url: str) -> Iterator[str]:
    """A fresh database for this test module, migrated, with credentials in `assistive` everywhere."""
    name = f"pcai_api_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = with_db(pg_server_url, name)

    async def setup() -> None:
        pool = await open_pool(url, max_size=2)
        try:
            await apply_migrations(pool)
            await set_phase(pool, "*", "credentials", "assistive", updated_by="tests", at=NOW)
        finally:
            await pool.close()

    try:
        asyncio.run(setup())
        yield url
    finally:
        with psycopg.connect(pg_server_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def two_center_world() -> FakeProcare:
    """Center S1 with E1 and center S2 with E2, each with a CPR card expiring this month."""
    fake = FakeProcare(
        schools=[school(), school(school_id="S2", school_code="S2", name="Maple Grove Center")],
        employees=[employee("E1"), employee("E2", school_id="S2", first_name="Jo", last_name="Kim")],
    )
    for emp, center in (("E1", "S1"), ("E2", "S2")):
        fake.credentials += [
            credential(emp, "pediatric_cpr_aha", date(2024, 11, 20), school_id=center),
            credential(emp, "first_aid_aha", date(2025, 6, 1), school_id=center),
            credential(emp, "background_check", date(2023, 1, 5), school_id=center),
        ]
    return fake


@dataclass
class Job:
    event_id: str
    thread_id: str
    lock: str
    lane: Lane = "batch"


@dataclass
class RecordingEnqueuer:
    """Records jobs; `fail` makes enqueue raise inside the ingest transaction."""

    jobs: list[Job] = field(default_factory=list)
    fail: bool = False

    async def enqueue(
        self, event_id: str, thread_id: str, lock: str, conn: AsyncConnection[Any], *, lane: Lane = "batch"
    ) -> None:
        await conn.execute("SELECT 1")  # really inside the ingest transaction's connection
        if self.fail:
            raise RuntimeError("queue unavailable")
        self.jobs.append(Job(event_id, thread_id, lock, lane))


def event_body(
    *, center: str = "S1", employee_id: str | None = "E1", type_: str = "staff.updated", **over: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": f"evt_{uuid.uuid4().hex[:16]}",
        "type": type_,
        "occurred_at": "2026-11-02T08:30:00-06:00",
        "center_id": center,
        "data": {"employee_id": employee_id} if employee_id else {},
    }
    return body | over


@dataclass
class Harness:
    client: httpx.AsyncClient
    services: Services
    fake: FakeProcare
    enqueuer: RecordingEnqueuer
    tokens: dict[str, str]
    suffix: str
    app: FastAPI
    done_jobs: int = 0

    def label(self, who: str) -> str:
        """The principal id of a harness token: its label."""
        return f"{who}-{self.suffix}"

    def auth(self, who: str | None) -> dict[str, str]:
        if who is None:
            return {}
        token = self.tokens.get(who, "pcai_not-a-real-token")
        return {"Authorization": f"Bearer {token}"}

    async def deliver(
        self,
        body: dict[str, Any] | bytes,
        *,
        who: str | None = "service",
        secret: str = SECRET,
        timestamp: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        msg_id = f"msg_{uuid.uuid4().hex[:12]}"
        signed = signed_headers(secret, msg_id, timestamp or int(time.time()), raw)
        all_headers = {"content-type": "application/json", **signed, **self.auth(who), **(headers or {})}
        return await self.client.post("/webhooks/procare", content=raw, headers=all_headers)

    async def run_jobs(self) -> list[RunOutcome]:
        """Do what a worker does with each job enqueued since the last call."""
        outcomes = []
        for job in self.enqueuer.jobs[self.done_jobs :]:
            stored = await load_event(self.services.pool, job.event_id)
            assert stored is not None, f"job for {job.event_id} but no stored event"
            outcomes.append(await self.services.runner.start(stored.event))
            await set_job_status(self.services.pool, job.event_id, "done")
        self.done_jobs = len(self.enqueuer.jobs)
        return outcomes

    async def shadow_run(self, center: str) -> int:
        """Store a shadow run of `center` (what `procare-ai shadow` leaves), so it may leave read_only."""
        now = self.services.now()
        row = await shadow_runs.record(
            self.services.pool,
            center_id=center,
            weeks=1,
            window=(now - timedelta(weeks=1), now),
            ran_by="tests",
            ran_at=now,
            result={"events": 0, "scores": []},
        )
        return row.id

    async def pending_thread(self, center: str = "S1", employee_id: str = "E1") -> str:
        """Ingest a staff.updated event and run it to its interrupt; returns the thread id."""
        answer = await self.deliver(event_body(center=center, employee_id=employee_id))
        assert answer.status_code == 202, answer.text
        (outcome,) = await self.run_jobs()
        assert outcome.status == "awaiting_review"
        return outcome.thread_id


@pytest.fixture
async def harness(api_db_url: str) -> AsyncIterator[Harness]:
    pool = await open_pool(api_db_url, max_size=8)
    saver = make_checkpointer(pool)
    fake = two_center_world()
    deps = Dependencies(
        procare=fake,
        drafter=OfflineDrafter(),
        rollout=RolloutStore(pool),
        clock=lambda: datetime.now(UTC),
    )
    runner = GraphRunner(build_graph(saver), GraphContext(as_of=during(TODAY).isoformat()), deps, pool=pool)
    enqueuer = RecordingEnqueuer()
    services = Services(pool=pool, saver=saver, runner=runner, deps=deps, enqueuer=enqueuer)
    suffix = uuid.uuid4().hex[:8]
    tokens = {
        who: await create_token(pool, role, centers, f"{who}-{suffix}", now=deps.clock())
        for who, (role, centers) in ROLES.items()
    }
    app = create_app(services, ApiConfig(webhook_secret=SecretStr(SECRET)))
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        yield Harness(client, services, fake, enqueuer, tokens, suffix, app)
    await pool.close()
