"""Issue 9 item 4 on the real Postgres, the real job queue and the sandbox over HTTP: an approved write that
Procare answers 503 leaves its thread `retrying_writes`, the queue's `retry_writes` job tries it again
with the same Idempotency-Key and procrastinate's backoff until it lands, once; past the limit the thread
is `failed` and a director's retry (API, CLI) writes it once; a 4xx is a permanent failure."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import time as clock_time
from typing import Any

import httpx
import pytest
from psycopg.rows import dict_row
from pydantic import SecretStr

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from api.app import create_app as create_api
from api.config import ApiConfig
from checkpoints.db import open_pool
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies.rbac import Principal
from procare_ai import jobs
from sandbox.config import DEV_API_KEY
from services import approvals, write_retries
from services.context import Services
from services.errors import Conflict
from services.runner import GraphRunner
from services.tokens import create_token
from tests.clock import TEST_NOW
from tests.integration.api.harness import SECRET
from tests.integration.test_graph_postgres import SCHOOL, Sandbox, _cli, _env, sandbox
from tools.client import ProcareClient

__all__ = ["sandbox"]
pytestmark = pytest.mark.integration

RETRY_TASK = "procare:retry_writes"
DIRECTOR = Principal(id="dir-ana", role="director", centers=frozenset({SCHOOL}))
APPROVE_FIRST_ONLY = [{"type": "approve"}] + [{"type": "reject", "message": "not now"}] * 6
"""The scan proposes seven actions (message, task, status for two credentials, and a renewal course for
the CPR card); one write is enough."""


@asynccontextmanager
async def service(db: str, url: str, *, write_attempts: int) -> AsyncIterator[tuple[Services, Any]]:
    """Services as a worker has them (client without its own retries), with the job queue open and the
    write retries' backoff at 0 s (procrastinate's exponential wait, base 0), bound to the jobs."""
    pool = await open_pool(db, max_size=6)
    app = jobs.make_app(db, write_attempts=write_attempts, write_backoff=0)
    async with ProcareClient(base_url=url, api_key=DEV_API_KEY, max_retries=0) as client, app.open_async():
        deps = Dependencies(
            procare=client,
            drafter=OfflineDrafter(),
            rollout=StaticRollout({("*", "credentials"): "automation"}),
        )
        saver = make_checkpointer(pool)
        runner = GraphRunner(build_graph(saver), GraphContext(write_attempts=write_attempts), deps, pool=pool)
        services = Services(pool=pool, saver=saver, runner=runner, deps=deps)
        services.enqueuer, services.write_retries = jobs.enqueuer(app), jobs.write_retry_queue(app, 0)
        jobs.bind(services, scan_at=clock_time(6, 0))
        try:
            yield services, app
        finally:
            await pool.close()


async def paused_thread(services: Services, event_id: str = "evt-retry-first") -> str:
    """A credential scan run to its review (seven proposed actions)."""
    event = Event(id=event_id, type="scan.credentials", occurred_at=TEST_NOW, center_id=SCHOOL)
    outcome = await services.runner.start(event)
    assert outcome.status == "awaiting_review"
    return outcome.thread_id


def faults(sb: Sandbox, **body: Any) -> None:
    answer = httpx.post(f"{sb.url}/_sandbox/faults", json=body, headers={"X-API-Key": DEV_API_KEY})
    assert answer.status_code == 200, answer.text


def idempotency_records(sb: Sandbox) -> list[dict[str, Any]]:
    answer = httpx.get(f"{sb.url}/_sandbox/idempotency", headers={"X-API-Key": DEV_API_KEY})
    assert answer.status_code == 200, answer.text
    rows: list[dict[str, Any]] = answer.json()["data"]
    return rows


async def rows(services: Services, sql: str, *params: Any) -> list[dict[str, Any]]:
    async with services.pool.connection() as conn, conn.cursor(row_factory=dict_row) as cur:
        await cur.execute(sql, params)
        return list(await cur.fetchall())


async def work(app: Any) -> None:
    """A worker that runs every job due now, retries included (their backoff is 0 s), then stops."""
    await app.run_worker_async(queues=["graph"], wait=False, concurrency=1, install_signal_handlers=False)


def test_a_write_failing_transiently_is_retried_by_the_queue_and_lands_once(
    fresh_db: str, sandbox: Sandbox
) -> None:
    async def scenario() -> None:
        async with service(fresh_db, sandbox.url, write_attempts=6) as (services, app):
            thread_id = await paused_thread(services)
            faults(sandbox, fail_next_writes=3)  # the decision's try and the queue's first two: 503
            decided = await approvals.decide(services, DIRECTOR, thread_id, {"decisions": APPROVE_FIRST_ONLY})
            assert decided.outcome.status == "retrying_writes"
            (result,) = decided.outcome.state.results
            assert (result.ok, result.transient) == (False, True) and "503" in (result.error or "")
            (job,) = await rows(
                services,
                "SELECT status, lock FROM procrastinate_jobs WHERE task_name = %s",
                RETRY_TASK,
            )
            assert job == {"status": "todo", "lock": f"writes:{thread_id}"}
            index = await rows(services, "SELECT status FROM audit_threads WHERE thread_id = %s", thread_id)
            assert index == [{"status": "retrying_writes"}]

            await work(app)

            outcome = await services.runner.outcome(thread_id)
            assert outcome.status == "done"
            (landed,) = outcome.state.results
            assert (landed.ok, landed.attempts, landed.idempotency_key) == (True, 4, result.idempotency_key)
            (job,) = await rows(
                services,
                "SELECT status, attempts FROM procrastinate_jobs WHERE task_name = %s",
                RETRY_TASK,
            )
            assert job == {"status": "succeeded", "attempts": 3}  # two retries after backoff, then done
            tries = await rows(
                services,
                "SELECT ok FROM write_results WHERE idempotency_key = %s ORDER BY id",
                result.idempotency_key,
            )
            assert [t["ok"] for t in tries] == [False, False, False, True]  # every try recorded, chained
            index = await rows(services, "SELECT status FROM audit_threads WHERE thread_id = %s", thread_id)
            assert index == [{"status": "done"}]
            return None

    asyncio.run(scenario())
    assert [(e["kind"], e["action"]) for e in sandbox.effects()] == [("messages", "create")]
    records = idempotency_records(sandbox)
    assert len(records) == 1 and records[0]["status"] == 201  # one key, written once


def test_past_the_limit_a_directors_api_and_cli_retries_write_once(fresh_db: str, sandbox: Sandbox) -> None:
    async def scenario() -> str:
        async with service(fresh_db, sandbox.url, write_attempts=2) as (services, app):
            thread_id = await paused_thread(services)
            faults(sandbox, writes_down=True)
            decided = await approvals.decide(services, DIRECTOR, thread_id, {"decisions": APPROVE_FIRST_ONLY})
            assert decided.outcome.status == "retrying_writes"
            await work(app)  # the queue's one retry fails too: the limit of 2 tries is reached
            gave_up = await services.runner.outcome(thread_id)
            assert gave_up.status == "failed"
            assert any(
                f.kind == "write_back_failed" and "a director can retry" in f.summary
                for f in gave_up.state.findings
            )

            token = await create_token(services.pool, "director", [SCHOOL], "dir-ana-api", now=services.now())
            other = await create_token(services.pool, "director", ["S0002"], "dir-other", now=services.now())
            auditor = await create_token(services.pool, "auditor", [SCHOOL], "aud-ana", now=services.now())
            api = create_api(services, ApiConfig(webhook_secret=SecretStr(SECRET)))
            transport = httpx.ASGITransport(app=api)
            async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
                hidden = await client.post(
                    f"/approvals/{thread_id}/retry", headers={"Authorization": f"Bearer {other}"}
                )
                assert hidden.status_code == 404  # another center's director cannot see it
                read_only = await client.post(
                    f"/approvals/{thread_id}/retry", headers={"Authorization": f"Bearer {auditor}"}
                )
                assert read_only.status_code == 403  # retrying is deciding: not an auditor's
                still_down = await client.post(
                    f"/approvals/{thread_id}/retry", headers={"Authorization": f"Bearer {token}"}
                )
                assert still_down.status_code == 200 and still_down.json()["status"] == "failed"
                assert still_down.json()["results"][0]["transient"] is True
                faults(sandbox, writes_down=False)
                retried = await client.post(
                    f"/approvals/{thread_id}/retry", headers={"Authorization": f"Bearer {token}"}
                )
                assert retried.status_code == 200, retried.text
                assert retried.json()["status"] == "done" and retried.json()["results"][0]["ok"] is True
                again = await client.post(
                    f"/approvals/{thread_id}/retry", headers={"Authorization": f"Bearer {token}"}
                )
                assert again.status_code == 409 and "no failed write to retry" in again.text

            second = await paused_thread(services, "evt-retry-second")
            faults(sandbox, writes_down=True)
            await approvals.decide(services, DIRECTOR, second, {"decisions": APPROVE_FIRST_ONLY})
            await work(app)
            assert (await services.runner.outcome(second)).status == "failed"
            faults(sandbox, writes_down=False)
            return second

    second = asyncio.run(scenario())
    env = _env(fresh_db, sandbox.url)  # with director dir-ana's token (PROCARE_AI_TOKEN)
    anonymous = {k: v for k, v in env.items() if k != "PROCARE_AI_TOKEN"}
    unknown = _cli("approvals", "retry", second, env=anonymous)
    assert unknown.returncode == 3 and "API token" in unknown.stderr  # retrying acts as a known person
    shown = _cli("approvals", "show", second, env=env)
    assert shown.returncode == 0 and f"{second} is failed: nothing to decide" in shown.stdout
    assert "FAILED, retries gave up: send_message (try 2)" in shown.stdout
    assert f"approvals retry {second}" in shown.stdout.splitlines()[-1]
    retried = _cli("approvals", "retry", second, env=env)
    assert retried.returncode == 0, retried.stderr
    assert retried.stdout.startswith(f"{second}: done") and "written: send_message (try 3)" in retried.stdout
    again = _cli("approvals", "retry", second, env=env)
    assert again.returncode != 0 and "no failed write to retry" in again.stderr
    assert [(e["kind"], e["action"]) for e in sandbox.effects()] == [("messages", "create")] * 2
    assert len(idempotency_records(sandbox)) == 2  # one key per thread, each written once


def test_a_thread_left_retrying_without_a_job_is_found_by_the_sweep(fresh_db: str, sandbox: Sandbox) -> None:
    async def scenario() -> None:
        async with service(fresh_db, sandbox.url, write_attempts=6) as (services, app):
            thread_id = await paused_thread(services)
            queue, services.write_retries = services.write_retries, None  # a process with no queue open
            faults(sandbox, fail_next_writes=1)
            decided = await approvals.decide(services, DIRECTOR, thread_id, {"decisions": APPROVE_FIRST_ONLY})
            assert decided.outcome.status == "retrying_writes"
            assert (
                await rows(services, "SELECT id FROM procrastinate_jobs WHERE task_name = %s", RETRY_TASK)
                == []
            )
            services.write_retries = queue
            assert await write_retries.reschedule_stranded(services) == 1
            assert await write_retries.reschedule_stranded(services) == 0  # one job per thread
            await work(app)
            assert (await services.runner.outcome(thread_id)).status == "done"
            assert await write_retries.reschedule_stranded(services) == 0

    asyncio.run(scenario())
    assert [(e["kind"], e["action"]) for e in sandbox.effects()] == [("messages", "create")]


def test_a_4xx_is_permanent_shown_failed_and_not_retried(fresh_db: str, sandbox: Sandbox) -> None:
    async def scenario() -> None:
        async with service(fresh_db, sandbox.url, write_attempts=6) as (services, _app):
            thread_id = await paused_thread(services)
            faults(sandbox, fail_next_writes=1, fail_status=422)  # Procare refuses the request itself
            decided = await approvals.decide(services, DIRECTOR, thread_id, {"decisions": APPROVE_FIRST_ONLY})
            assert decided.outcome.status == "done"
            (result,) = decided.outcome.state.results
            assert (result.ok, result.transient) == (False, False)
            assert "answered 422" in (result.error or ""), result.error
            assert (
                await rows(services, "SELECT id FROM procrastinate_jobs WHERE task_name = %s", RETRY_TASK)
                == []
            )
            with pytest.raises(Conflict, match="no failed write to retry"):
                await approvals.retry_writes(services, DIRECTOR, thread_id)

    asyncio.run(scenario())
    assert sandbox.effects() == []
