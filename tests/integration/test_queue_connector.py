"""A job's end lost with its connection is sent again (procare_ai.queue_connector): the `finish_job` of
a job is in flight, waiting on a row lock, when its backend is killed; procrastinate's own connector lets
the error through (the job would stay `doing` under a live worker, holding its lock for ever), ours sends
it again on a fresh connection and the job ends."""

from __future__ import annotations

import asyncio
from typing import Any

import procrastinate
import psycopg
import pytest
from procrastinate.jobs import Status
from psycopg.conninfo import conninfo_to_dict

from procare_ai.jobs import RUN_EVENT, blueprint, make_app
from tests.integration.queue_world import until

pytestmark = pytest.mark.integration

WAITING_ON_LOCK = """
SELECT count(*) AS n FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'
"""
KILL_OTHERS = """
SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
WHERE datname = %s AND pid <> pg_backend_pid() AND pid <> %s
"""


async def _finish_while_killed(app: procrastinate.App, url: str, server_url: str) -> Any:
    """Finish a fetched job while a blocker holds its row, kill every other backend of the database
    mid-statement, then release the row; returns what finishing returned or raised, and the job's status."""
    dbname = conninfo_to_dict(url)["dbname"]
    async with app.open_async():
        await app.tasks[RUN_EVENT].configure(lock="center:X").defer_async(event_id="e1", thread_id="t1")
        manager = app.job_manager
        worker_id = await manager.register_worker()
        job = await manager.fetch_job(queues=None, worker_id=worker_id)
        assert job is not None and job.id is not None
        with psycopg.connect(url) as blocker, psycopg.connect(server_url, autocommit=True) as admin:
            blocker.execute("SELECT 1 FROM procrastinate_jobs WHERE id = %s FOR UPDATE", (job.id,))
            finishing = asyncio.create_task(
                manager.finish_job(job, status=Status.SUCCEEDED, delete_job=False)
            )

            def waits() -> bool:
                row = admin.execute(WAITING_ON_LOCK, (dbname,)).fetchone()
                return bool(row and row[0] > 0)

            await until("finish_job to wait for the row", waits)
            killed = admin.execute(KILL_OTHERS, (dbname, blocker.info.backend_pid)).fetchone()
            assert killed is not None and killed[0] >= 1
            await asyncio.sleep(0.5)  # the killed statement has failed by now; a retry waits on the row
            blocker.rollback()
        outcome: Any
        try:
            outcome = await asyncio.wait_for(finishing, 60)
        except Exception as exc:  # what the worker's job task would die with
            outcome = exc
        status = await manager.get_job_status_async(job.id)
        return outcome, status


async def test_a_job_end_lost_with_its_connection_is_sent_again(fresh_db: str, pg_server_url: str) -> None:
    outcome, status = await _finish_while_killed(make_app(fresh_db), fresh_db, pg_server_url)
    assert outcome is None and status == Status.SUCCEEDED


async def test_procrastinates_own_connector_leaves_the_job_doing(fresh_db: str, pg_server_url: str) -> None:
    """The reason for the above: the same loss through the stock connector."""
    stock = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=fresh_db))
    stock.add_tasks_from(blueprint(), namespace="procare")
    outcome, status = await _finish_while_killed(stock, fresh_db, pg_server_url)
    assert isinstance(outcome, procrastinate.exceptions.ConnectorException) and status == Status.DOING
