"""Benchmark: a need search for a 200-staff center answered from the stored profiles in Postgres (issue 15:
"a need search answers in under 50 ms for a 200-staff center").

bench/skills.py times `agents.skills.rank` over profiles already in memory; this times what the route and
`procare-ai skills match` run: `services.skills.match_need`, which reads the center's build and its rows
from Postgres (`checkpoints.skills_profiles`), rebuilds no profile (all were built for the day), ranks and
names the people. Same run, same profiles, same needs:
  1. stored: `match_need` end to end (the figure);
  2. baseline: the default ranker over the same skills profiles already in memory (the ranking alone);
  3. the read alone (`load_center`), to show where the difference goes.
On one fresh database (created here, dropped at the end); Procare is never read (a stand-in fails if it is).

    .venv/bin/python bench/skills_search.py [--staff 200] [--rounds 20] [--database-url ...]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agents.common.llm import OfflineDrafter  # noqa: E402
from agents.skills import SkillsProfile, default_ranker  # noqa: E402
from bench.figures import Figure, add_arguments, write  # noqa: E402
from bench.skills import percentile, synthetic_center  # noqa: E402
from checkpoints import skills_profiles as store  # noqa: E402
from checkpoints.db import open_pool  # noqa: E402
from checkpoints.migrate import apply_migrations  # noqa: E402
from checkpoints.saver import make_checkpointer  # noqa: E402
from graph.builder import build_graph  # noqa: E402
from graph.context import GraphContext  # noqa: E402
from graph.deps import Dependencies, StaticRollout  # noqa: E402
from policies.rbac import Principal  # noqa: E402
from services.context import Services  # noqa: E402
from services.runner import GraphRunner  # noqa: E402
from services.skills import match_need, stored_row  # noqa: E402
from tests.skills_labelled import load  # noqa: E402

CENTER = "S0001"
GOAL_MS = 50.0
HR = Principal(id="bench", role="hr_admin", centers=frozenset())


class NoProcare:
    """Stands in for Procare: a stored-profile search must not read it."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the search read Procare ({name})")


async def _samples(call: Callable[[str], Awaitable[object]], needs: list[str], rounds: int) -> list[float]:
    await call(needs[0])  # warm-up: plans, caches, the stemmer
    out = []
    for _ in range(rounds):
        for need in needs:
            start = time.perf_counter()
            await call(need)
            out.append(time.perf_counter() - start)
    return out


async def measure(db: str, staff: int, rounds: int) -> dict[str, list[float]]:
    labelled = load()
    now = datetime.combine(labelled.as_of, datetime.min.time(), tzinfo=UTC).replace(hour=15)
    profiles = synthetic_center(labelled, staff)
    rows = [stored_row(p, labelled.as_of, "bench") for p in profiles]
    needs = [n.text for n in labelled.needs]
    pool = await open_pool(db, max_size=2)
    try:
        await apply_migrations(pool)
        await store.replace_center(
            pool, CENTER, rows, timezone="America/Chicago", built_for=labelled.as_of, at=now
        )
        deps = Dependencies(
            procare=NoProcare(),  # type: ignore[arg-type]
            drafter=OfflineDrafter(),
            rollout=StaticRollout({}),
            clock=lambda: now,
        )
        saver = make_checkpointer(pool)
        runner = GraphRunner(build_graph(saver), GraphContext(), deps, pool=pool)
        services = Services(pool=pool, saver=saver, runner=runner, deps=deps)
        built = [SkillsProfile.from_dict(r.skills) for r in rows]
        ranker = default_ranker()

        async def stored(need: str) -> object:
            result = await match_need(services, HR, need, center_id=CENTER)
            assert result.staff_searched == staff and not result.rebuilt
            return result

        async def in_memory(need: str) -> object:
            return ranker.rank(built, need, 10)

        async def read_only(need: str) -> object:
            return await store.load_center(pool, CENTER)

        return {
            "stored": await _samples(stored, needs, rounds),
            "in_memory": await _samples(in_memory, needs, rounds),
            "read": await _samples(read_only, needs, rounds),
        }
    finally:
        await pool.close()


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--staff", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PROCARE_AI_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres",
        help="a Postgres server (maintenance database); a scratch database is created and dropped there",
    )
    add_arguments(parser, short_help="5 rounds instead of --rounds")
    args = parser.parse_args()
    if args.short:
        args.rounds = 5
    name = f"pcai_bench_skills_{uuid.uuid4().hex[:8]}"
    db = make_conninfo("", **{**conninfo_to_dict(args.database_url), "dbname": name})
    async with await psycopg.AsyncConnection.connect(args.database_url, autocommit=True) as conn:
        await conn.execute(f"CREATE DATABASE {name}")
    try:
        samples = await measure(db, args.staff, args.rounds)
    finally:
        async with await psycopg.AsyncConnection.connect(args.database_url, autocommit=True) as conn:
            await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    ranker = default_ranker().name
    print(f"need search over a {args.staff}-staff center, {ranker} ranker, {len(samples['stored'])} searches")
    figures: dict[str, tuple[float, float]] = {}
    for label, key in (
        ("stored (match_need)", "stored"),
        ("baseline: in memory", "in_memory"),
        ("read rows alone", "read"),
    ):
        p50, p99 = statistics.median(samples[key]), percentile(samples[key], 0.99)
        figures[key] = (p50, p99)
        print(f"  {label:22} p50 {p50 * 1e3:7.2f} ms   p99 {p99 * 1e3:7.2f} ms")
    (s50, s99), (b50, b99) = figures["stored"], figures["in_memory"]
    met = s99 * 1e3 < GOAL_MS
    print(f"  ratio stored / in memory: p50 {s50 / b50:.1f}x, p99 {s99 / b99:.1f}x")
    print(f"  goal p99 < {GOAL_MS:g} ms: {'met' if met else 'NOT met'}")
    write(
        args.results,
        [
            Figure(
                "skills_search",
                f"need search p99 from stored profiles, {ranker} ({args.staff} staff)",
                s99 * 1e3,
                "ms",
                "in-memory ranking p99",
                b99 * 1e3,
                goal=f"p99 < {GOAL_MS:g} ms",
                met=met,
            )
        ],
    )


if __name__ == "__main__":
    asyncio.run(main())
