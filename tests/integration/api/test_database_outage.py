"""The API with its database dropped or gone: one JSON 503 (`database_unavailable`), never a 500 and
never a 30 s hang: a connection killed under a request, the queue's defer failing on the ingest
connection, and a database that refuses connections (a checkout waits `API_POOL_WAIT_SECONDS` at most,
and none once the API's pool has seen the database refuse: `fail_fast`, as `procare-ai serve` opens it)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import AsyncConnection
from psycopg.conninfo import conninfo_to_dict
from pydantic import SecretStr

from api.app import create_app
from api.config import ApiConfig
from api.webhook_signature import signed_headers
from procare_ai.jobs import YieldingRetry
from procare_ai.wiring import API_POOL_WAIT_SECONDS
from services.ingest import Enqueuer, Lane
from services.tokens import create_token
from tests.integration.api.harness import SECRET, event_body
from tests.integration.queue_world import World, queue_world

pytestmark = pytest.mark.integration


@dataclass
class Api:
    client: httpx.AsyncClient
    world: World
    token: str
    service_token: str

    async def approvals(self) -> httpx.Response:
        return await self.client.get("/approvals", headers={"Authorization": f"Bearer {self.token}"})

    async def webhook(self) -> httpx.Response:
        raw = json.dumps(event_body(center="P1")).encode()
        headers = {
            "content-type": "application/json",
            "Authorization": f"Bearer {self.service_token}",
            **signed_headers(SECRET, "msg_1", int(time.time()), raw),
        }
        return await self.client.post("/webhooks/procare", content=raw, headers=headers)


@pytest.fixture
async def api(fresh_db: str) -> AsyncIterator[Api]:
    async with queue_world(fresh_db, YieldingRetry(), pool_wait=API_POOL_WAIT_SECONDS, fail_fast=True) as w:
        token = await create_token(w.services.pool, "hr_admin", [], "outage-hr", now=w.services.deps.clock())
        service = await create_token(
            w.services.pool, "service", [], "outage-webhooks", now=w.services.deps.clock()
        )
        app = create_app(w.services, ApiConfig(webhook_secret=SecretStr(SECRET)))
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
            yield Api(client, w, token, service)


def _unavailable(answer: httpx.Response) -> bool:
    return answer.status_code == 503 and answer.json()["error"] == "database_unavailable"


def _admin(server_url: str, sql: str, *args: Any) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql, args)  # type: ignore[arg-type]


KILL = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"


async def test_a_killed_connection_answers_503_then_the_api_carries_on(
    api: Api, fresh_db: str, pg_server_url: str
) -> None:
    assert (await api.approvals()).status_code == 200
    _admin(pg_server_url, KILL, conninfo_to_dict(fresh_db)["dbname"])
    answers = [await api.approvals() for _ in range(3)]  # a dead pooled connection at most once
    assert all(a.status_code == 200 or _unavailable(a) for a in answers), [a.text for a in answers]
    assert answers[-1].status_code == 200


async def test_a_defer_that_loses_the_ingest_connection_answers_503(api: Api, pg_server_url: str) -> None:
    """The queue wraps the lost connection in its own error; the API still answers 503, not 500."""
    real = api.world.services.enqueuer
    assert real is not None
    real_enqueuer: Enqueuer = real

    class KillThenDefer:
        async def enqueue(
            self,
            event_id: str,
            thread_id: str,
            lock: str,
            conn: AsyncConnection[Any],
            *,
            lane: Lane = "batch",
        ) -> None:
            _admin(pg_server_url, "SELECT pg_terminate_backend(%s)", conn.info.backend_pid)
            await real_enqueuer.enqueue(event_id, thread_id, lock, conn, lane=lane)

    api.world.services.enqueuer = KillThenDefer()
    try:
        answer = await api.webhook()
    finally:
        api.world.services.enqueuer = real
    assert _unavailable(answer), answer.text
    assert (await api.webhook()).status_code == 202  # the next delivery goes through


async def test_with_the_database_gone_requests_answer_503(
    api: Api, fresh_db: str, pg_server_url: str
) -> None:
    dbname = str(conninfo_to_dict(fresh_db)["dbname"])
    assert (await api.approvals()).status_code == 200
    _admin(pg_server_url, f"ALTER DATABASE {dbname} WITH ALLOW_CONNECTIONS false")
    try:
        _admin(pg_server_url, KILL, dbname)
        for answer in [await api.approvals(), await api.webhook(), await api.approvals()]:
            assert _unavailable(answer), answer.text
        health = await api.client.get("/healthz")
        assert health.status_code == 503
    finally:
        _admin(pg_server_url, f"ALTER DATABASE {dbname} WITH ALLOW_CONNECTIONS true")
    assert api.world.services.pool.timeout == API_POOL_WAIT_SECONDS < 2  # what bounds each answer above
