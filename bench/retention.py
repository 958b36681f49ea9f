"""Checkpoint bytes per finished thread before and after retention, and the audit answers compared.

Runs N credential scans to the end on a fresh database (event -> interrupt -> a director approves one
action and rejects the other -> execute -> finalize), as the service does (procare-ai's runner, Postgres
checkpointer, audit index), then runs the retention pass (services.retention.prune_finished) with the
process clock 31 days on, so every thread is past the default 30-day age. It prints the bytes of
LangGraph's checkpoint tables per thread before and after, the checkpoints per thread before and after,
and whether the audit (services.audit.entry_for over each thread's stored state, what `GET /audit`
serves) is identical for every thread.

    .venv/bin/python bench/retention.py [--threads 100] [--staff 3] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from checkpoints.db import open_pool
from checkpoints.migrate import apply_migrations
from checkpoints.retention import checkpoint_bytes
from checkpoints.saver import load_state, make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout, utc_now
from services.audit import entry_for
from services.context import Services
from services.retention import prune_finished
from services.runner import GraphRunner
from tests.clock import during
from tests.fakes import FakeProcare, credential, employee

TODAY = date(2026, 11, 2)
CONTEXT = GraphContext(as_of=during(TODAY).isoformat())


def world(staff: int) -> FakeProcare:
    fake = FakeProcare(employees=[employee(f"E{i}") for i in range(1, staff + 1)])
    for i in range(1, staff + 1):
        fake.credentials += [
            credential(f"E{i}", "pediatric_cpr_aha", date(2024, 11, 20)),
            credential(f"E{i}", "first_aid_aha", date(2025, 6, 1)),
            credential(f"E{i}", "background_check", date(2023, 1, 5)),
        ]
    return fake


async def checkpoints_per_thread(url: str, thread_ids: list[str]) -> float:
    async with await psycopg.AsyncConnection.connect(url) as conn:
        row = await (
            await conn.execute("SELECT count(*) FROM checkpoints WHERE thread_id = ANY(%s)", (thread_ids,))
        ).fetchone()
    return (int(row[0]) if row else 0) / len(thread_ids)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--threads", type=int, default=100)
    parser.add_argument("--staff", type=int, default=3, help="Staff per center (actions per thread grow).")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "PROCARE_AI_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    args = parser.parse_args()
    dbname = f"bench_retention_{os.getpid()}"
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {dbname}")
        conn.execute(f"CREATE DATABASE {dbname}")
    url = psycopg.conninfo.make_conninfo(args.database_url, dbname=dbname)
    pool = await open_pool(url, max_size=4)
    try:
        await apply_migrations(pool)
        saver = make_checkpointer(pool)
        deps = Dependencies(
            procare=world(args.staff),
            drafter=OfflineDrafter(),
            rollout=StaticRollout({("*", "credentials"): "automation"}),
        )
        runner = GraphRunner(build_graph(saver), CONTEXT, deps, pool=pool)
        tids = []
        for i in range(args.threads):
            ev = Event(
                id=f"bench-{i}-{uuid.uuid4().hex[:6]}",
                type="scan.credentials",
                occurred_at=datetime(2026, 11, 2, tzinfo=UTC),
                center_id="S1",
            )
            out = await runner.start(ev)
            assert out.request is not None
            n = len(out.request["action_requests"])
            decisions = [{"type": "approve"}] + [{"type": "reject", "message": "bench"}] * (n - 1)
            done = await runner.resume(out.thread_id, {"decisions": decisions}, reviewer="bench")
            assert done.status == "done"
            tids.append(out.thread_id)

        async def audits() -> list[object]:
            return [entry_for(s) for s in [await load_state(saver, t) for t in tids] if s is not None]

        audit_before = await audits()
        steps_before = await checkpoints_per_thread(url, tids)
        bytes_before = sum((await checkpoint_bytes(pool, tids)).values())

        later = utc_now() + timedelta(days=31)  # the process clock a month on: every thread is past 30 days
        services = Services(
            pool=pool, saver=saver, runner=runner, deps=Dependencies(**{**vars(deps), "clock": lambda: later})
        )
        pruned = await prune_finished(services, older_than=timedelta(days=30), limit=args.threads)
        audit_after = await audits()
        steps_after = await checkpoints_per_thread(url, tids)
        bytes_after = sum((await checkpoint_bytes(pool, tids)).values())
    finally:
        await pool.close()
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")

    n = len(tids)
    same = sum(a == b for a, b in zip(audit_before, audit_after, strict=True))
    print(
        f"retention over {n} finished credential threads ({args.staff} staff each), "
        "30-day age, clock +31 days"
    )
    print(f"  pruned threads:                 {len(pruned.threads)}/{n}")
    print(f"  checkpoints per thread:         {steps_before:8.1f} -> {steps_after:.1f}")
    print(
        f"  checkpoint bytes per thread:    {bytes_before / n:8.0f} -> {bytes_after / n:.0f} "
        f"({100 * (1 - bytes_after / bytes_before):.0f}% less)"
    )
    print(f"  audit entries identical:        {same}/{n}")


if __name__ == "__main__":
    asyncio.run(main())
