"""A poison event (an integer no checkpoint can hold) on the real queue: while it waits for its next
attempt its center's lock is free, so the center's next event runs at once; after its last attempt it is
parked `failed`, with why, its thread indexed `failed`, listed by the API and the CLI, and retried on
demand."""

from __future__ import annotations

import asyncio
import json

import pytest
from typer.testing import CliRunner, Result

from procare_ai.cli import app
from procare_ai.jobs import YieldingRetry
from procare_ai.lanes import run_lanes
from tests.integration.queue_world import event, queue_world, until

pytestmark = pytest.mark.integration

TOO_BIG = 2**70
"""Fits in Postgres jsonb (the event is stored and queued), not in a msgpack checkpoint (its run fails)."""
LONG_BACKOFF = 3600.0
"""The poison's retry waits an hour: the test makes it due itself, so nothing here depends on timing."""


async def test_a_poison_event_is_parked_while_the_next_event_of_its_center_runs(fresh_db: str) -> None:
    retry = YieldingRetry(attempts=2, wait=LONG_BACKOFF)
    async with queue_world(fresh_db, retry) as w:
        lanes = asyncio.create_task(
            run_lanes(w.app, concurrency=2, live_concurrency=0, install_signal_handlers=False)
        )
        try:
            poison = await w.accept(event(headcount=TOO_BIG))
            await until("the poison's first attempt to fail", lambda: _status(w, poison, "queued", 1))
            await until("its job to wait for its retry", lambda: _job_status(w, poison, "todo"))
            (waiting,) = await w.jobs_of(poison)
            assert waiting["status"] == "todo" and waiting["lock"] == "center:P1"
            assert waiting["priority"] == -1  # below fresh jobs of its lock: it holds nothing up
            assert "msgpack" in ((await w.stored(poison)).job_error or "")

            follower = await w.accept(event())
            await until("the center's next event", lambda: _status(w, follower, "done", 1))
            assert (await w.jobs_of(poison))[0]["status"] == "todo"  # still waiting its backoff

            await w.execute("UPDATE procrastinate_jobs SET scheduled_at = now() WHERE id = %s", waiting["id"])
            await until("the poison to be parked", lambda: _status(w, poison, "failed", 2))
            await until("its job to fail for good", lambda: _job_status(w, poison, "failed"))
            assert [j["attempts"] for j in await w.jobs_of(poison)] == [2]
            parked = await w.stored(poison)
            (thread,) = await w.rows(
                "SELECT status FROM audit_threads WHERE thread_id = %s", parked.thread_id
            )
            assert thread["status"] == "failed"

            after = await w.accept(event())  # a parked event blocks nothing
            await until("an event after the parked one", lambda: _status(w, after, "done", 1))
        finally:
            lanes.cancel()
            await asyncio.gather(lanes, return_exceptions=True)


async def _status(w, event_id: str, status: str, attempts: int) -> bool:  # type: ignore[no-untyped-def]
    stored = await w.stored(event_id)
    return stored.job_status == status and stored.attempts == attempts


async def _job_status(w, event_id: str, status: str) -> bool:  # type: ignore[no-untyped-def]
    return [j["status"] for j in await w.jobs_of(event_id)] == [status]


@pytest.fixture
def parked(fresh_db: str) -> tuple[str, str]:
    """A database holding one event parked after its only attempt (a real worker ran it once)."""

    async def park_one() -> str:
        async with queue_world(fresh_db, YieldingRetry(attempts=1)) as w:
            poison = await w.accept(event(headcount=TOO_BIG))
            await run_lanes(
                w.app, concurrency=1, live_concurrency=0, wait=False, install_signal_handlers=False
            )
            return poison

    return fresh_db, asyncio.run(park_one())


def _cli(db: str, *args: str) -> Result:
    return CliRunner().invoke(app, ["events", *args], env={"PROCARE_AI_DATABASE_URL": db})


def test_the_cli_lists_a_parked_event_with_why_and_queues_it_again(parked: tuple[str, str]) -> None:
    db, poison = parked
    listed = _cli(db, "list", "--status", "failed", "--json")
    assert listed.exit_code == 0, listed.output
    (row,) = json.loads(listed.stdout)
    assert row["event_id"] == poison and row["job_status"] == "failed" and row["attempts"] == 1
    assert "msgpack" in row["job_error"]
    table = _cli(db, "list", "--status", "failed")
    assert poison in table.stdout and "failed" in table.stdout

    again = _cli(db, "retry", poison)
    assert again.exit_code == 0, again.output
    assert "queued again" in again.stdout
    (requeued,) = json.loads(_cli(db, "list", "--status", "queued", "--json").stdout)
    assert requeued["event_id"] == poison and requeued["attempts"] == 0
    refused = _cli(db, "retry", poison)  # no longer parked
    assert refused.exit_code == 5 and "not parked" in refused.stderr
    assert _cli(db, "list", "--status", "lost").exit_code == 2
