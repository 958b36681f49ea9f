"""Graph runs per second: event -> interrupt, then resume -> end, with the credentials agent.

Measured in one run, on one fresh database:
  1. procare-ai's runner on Postgres (durability "exit" on both legs, the decision journaled before
     the resume runs, advisory lock, audit index): the production configuration;
  2. the same graph on Postgres with LangGraph's default durability ("async") on both legs, no lock, no index;
  3. the same graph on InMemorySaver (the ceiling), through the same runner without a pool;
  1, 2 and 3 alternate in blocks of 20 runs, so the machine's drift hits all three alike;
  4. raw single-row INSERT+COMMIT of a jsonb payload of the same bytes a run stores (the floor of a
     durable write on this machine).
It then checks that no audit fact is missing from the checkpoints of configuration 1 (event, reads,
prompt, model output, verdicts, decisions, results) and prints runs/s, ratios and bytes stored per run.
The Procare client is an in-memory fake: this measures the graph and its persistence, not HTTP.

    .venv/bin/python bench/graph_runs.py [--runs 200] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from bench.figures import Figure, add_arguments, write
from checkpoints.db import open_pool
from checkpoints.migrate import apply_migrations
from checkpoints.saver import load_state, make_checkpointer
from graph import deps as provider
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from graph.serde import make_serializer
from graph.state import GraphInput
from services.runner import GraphRunner, thread_id_for
from tests.clock import during
from tests.fakes import FakeProcare, credential, employee

TODAY = date(2026, 11, 2)
DECISIONS = {"decisions": [{"type": "approve"}, {"type": "reject", "message": "bench"}]}
TABLES = ("checkpoints", "checkpoint_blobs", "checkpoint_writes")


def world() -> FakeProcare:
    fake = FakeProcare(employees=[employee("E1")])
    fake.credentials = [
        credential("E1", "pediatric_cpr_aha", date(2024, 11, 20)),
        credential("E1", "first_aid_aha", date(2025, 6, 1)),
        credential("E1", "background_check", date(2023, 1, 5)),
    ]
    return fake


CONTEXT = GraphContext(as_of=during(TODAY).isoformat())


def deps() -> Dependencies:
    return Dependencies(
        procare=world(),
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "credentials"): "assistive"}),
    )


def event(tag: str, i: int) -> Event:
    return Event(
        id=f"{tag}-{i}-{uuid.uuid4().hex[:6]}",
        type="scan.credentials",
        occurred_at=datetime(2026, 11, 2, tzinfo=UTC),
        center_id="S1",
    )


async def timed(runs: int, one: Callable[[int], Awaitable[None]]) -> float:
    for i in range(min(10, runs)):  # warm-up
        await one(-1 - i)
    start = time.perf_counter()
    for i in range(runs):
        await one(i)
    return runs / (time.perf_counter() - start)


async def interleaved(runs: int, *sides: Callable[[int], Awaitable[None]], block: int = 20) -> list[float]:
    """Runs/s of each side, alternating blocks so drift (autovacuum, caches, the machine's other work)
    hits every side alike."""
    for i in range(min(10, runs)):  # warm-up, not counted
        for one in sides:
            await one(-1 - i)
    spent = [0.0] * len(sides)
    for first in range(0, runs, block):
        for k, one in enumerate(sides):
            start = time.perf_counter()
            for i in range(first, min(runs, first + block)):
                await one(i)
            spent[k] += time.perf_counter() - start
    return [runs / s for s in spent]


async def bytes_stored(url: str, tag: str) -> int:
    """Bytes in LangGraph's tables for the timed threads of one configuration (warm-up excluded)."""
    async with await psycopg.AsyncConnection.connect(url) as conn:
        total = 0
        for table in TABLES:
            row = await (
                await conn.execute(
                    f"SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM {table} t WHERE thread_id ~ %s",
                    (f"^S1:{tag}-[0-9]+-",),
                )
            ).fetchone()
            total += int(row[0]) if row else 0
        return total


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "PROCARE_AI_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
    )
    add_arguments(parser, short_help="40 runs per configuration instead of --runs")
    args = parser.parse_args()
    if args.short:
        args.runs = 40
    dbname = f"bench_graph_{os.getpid()}"
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {dbname}")
        conn.execute(f"CREATE DATABASE {dbname}")
    url = psycopg.conninfo.make_conninfo(args.database_url, dbname=dbname)
    pool = await open_pool(url, max_size=4)
    try:
        await apply_migrations(pool)
        saver = make_checkpointer(pool)

        # 1. procare-ai's configuration; 2. LangGraph's default durability on the same graph and saver.
        ours = GraphRunner(build_graph(saver), CONTEXT, deps(), pool=pool)
        graph, default_deps = build_graph(saver), deps()
        tids: list[str] = []

        async def ours_once(i: int) -> None:
            out = await ours.start(event("ours", i))
            await ours.resume(out.thread_id, DECISIONS, reviewer="bench")
            if i >= 0:
                tids.append(out.thread_id)

        async def default_once(i: int) -> None:
            ev = event("default", i)
            cfg: Any = {"configurable": {"thread_id": thread_id_for(ev)}}
            with provider.use(default_deps):
                await graph.ainvoke(GraphInput(event=ev), cfg, context=CONTEXT)
                await graph.ainvoke(Command(resume={**DECISIONS, "reviewer": "bench"}), cfg, context=CONTEXT)

        # 3. In memory: the same runner and graph, without a pool.
        mem = GraphRunner(build_graph(InMemorySaver(serde=make_serializer())), CONTEXT, deps())

        async def mem_once(i: int) -> None:
            out = await mem.start(event("mem", i))
            await mem.resume(out.thread_id, DECISIONS, reviewer="bench")

        ours_rate, default_rate, mem_rate = await interleaved(args.runs, ours_once, default_once, mem_once)
        ours_bytes = await bytes_stored(url, "ours") / len(tids)
        default_bytes = await bytes_stored(url, "default") / args.runs

        # 4. Raw single-row inserts of the same byte volume as one of our runs.
        payload = json.dumps({"blob": "x" * max(1, int(ours_bytes) - 40)})
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            await conn.execute("CREATE TABLE raw_rows (id bigserial PRIMARY KEY, body jsonb NOT NULL)")

            async def raw_once(i: int) -> None:
                await conn.execute("INSERT INTO raw_rows (body) VALUES (%s::jsonb)", (payload,))

            raw_rate = await timed(args.runs * 5, raw_once)

        # No audit fact lost in our configuration.
        missing = 0
        for tid in tids:
            state = await load_state(saver, tid)
            ok = (
                state is not None
                and state.status == "done"
                and state.reads
                and state.proposals
                and state.proposals[0].prompt
                and state.proposals[0].model_output
                and state.verdicts
                and len(state.decisions) == 2
                and state.results
                and state.results[0].ok
            )
            missing += 0 if ok else 1
    finally:
        await pool.close()
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")

    print(
        f"graph runs (event -> interrupt -> resume -> end), {args.runs} runs each, credentials agent, 1 staff"
    )
    print(
        f"  procare-ai on Postgres (exit, journal, lock, audit index):{ours_rate:8.1f} runs/s  "
        f"{ours_bytes / 1024:6.1f} KiB stored/run"
    )
    print(
        f"  LangGraph default durability on Postgres:               {default_rate:8.1f} runs/s  "
        f"{default_bytes / 1024:6.1f} KiB stored/run"
    )
    print(f"  InMemorySaver:                                          {mem_rate:8.1f} runs/s")
    print(
        f"  raw INSERT+COMMIT of {len(payload) / 1024:.1f} KiB jsonb rows:"
        f"              {raw_rate:8.1f} rows/s"
    )
    print(f"  ratio procare-ai / LangGraph default: {ours_rate / default_rate:.2f}x")
    print(f"  ratio procare-ai / InMemorySaver:     {ours_rate / mem_rate:.2f}x")
    print(f"  ratio procare-ai / raw inserts:       {ours_rate / raw_rate:.3f}x")
    print(
        f"  per run: procare-ai {1000 / ours_rate:.2f} ms, InMemorySaver {1000 / mem_rate:.2f} ms "
        f"(gap {1000 / ours_rate - 1000 / mem_rate:.2f} ms)"
    )
    print(f"  audit check: {len(tids) - missing}/{len(tids)} threads hold every audit fact")
    complete = missing == 0
    write(
        args.results,
        [
            Figure(
                "graph_runs",
                "graph runs/s, every audit fact on disk",
                ours_rate,
                "runs/s",
                "InMemorySaver",
                mem_rate,
                ">= 0.7x",
                complete and ours_rate / mem_rate >= 0.7,
            ),
            Figure(
                "graph_runs",
                "graph runs/s, every audit fact on disk",
                ours_rate,
                "runs/s",
                "LangGraph default durability",
                default_rate,
            ),
        ],
    )


if __name__ == "__main__":
    asyncio.run(main())
