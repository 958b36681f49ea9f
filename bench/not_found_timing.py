"""Does a 404 tell another center's thread from a missing one by its timing? (issue 10 item 9)

A director of S0001 looks up thread ids that either exist in S0002 or exist nowhere. Measured in one run,
on one fresh database (created here, dropped at the end), with `--threads` rows in the audit index:
  1. the lookup the API makes (`checkpoints.audit_index.visible_thread`: the scope inside the statement,
     so both cases are one index probe that finds no row);
  2. the baseline: the lookup as it was before (`audit_index.thread` by id, then the scope checked in
     Python on the row it returned: a row crosses the wire and is validated for the foreign case only).
It prints p50 and p99 per case and the foreign/missing ratio of p50 for each; near 1.0 means the two
cases cannot be told apart by their timing.

    .venv/bin/python bench/not_found_timing.py [--lookups 2000] [--threads 20000] [--database-url ...]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.figures import Figure, add_arguments, write  # noqa: E402
from checkpoints import audit_index  # noqa: E402
from checkpoints.db import open_pool  # noqa: E402
from checkpoints.migrate import apply_migrations  # noqa: E402

MINE = frozenset({"S0001"})
Lookup = Callable[[str], Awaitable[bool]]


def with_db(url: str, dbname: str) -> str:
    params = conninfo_to_dict(url)
    params["dbname"] = dbname
    return make_conninfo("", **params)


async def timings(lookup: Lookup, ids: list[str]) -> list[float]:
    out = []
    for thread_id in ids:
        start = time.perf_counter()
        found = await lookup(thread_id)
        out.append((time.perf_counter() - start) * 1000)
        assert not found, thread_id  # neither case may be seen by this director
    return out


def summary(ms: list[float]) -> tuple[float, float]:
    ordered = sorted(ms)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.99) - 1]


async def measure(url: str, lookups: int, threads: int) -> list[Figure]:
    pool = await open_pool(url, max_size=2)
    try:
        await apply_migrations(pool)
        foreign = [f"S0002:evt_{uuid.uuid4().hex[:16]}" for _ in range(threads)]
        async with pool.connection() as conn, conn.cursor() as cur:
            await cur.executemany(
                "INSERT INTO audit_threads (thread_id, center_id, event_id, event_type, workflow, status) "
                "VALUES (%s, 'S0002', %s, 'staff.updated', 'credentials', 'awaiting_review')",
                [(t, t.split(":", 1)[1]) for t in foreign],
            )
        asked_foreign = foreign[:lookups]
        asked_missing = [f"S0002:evt_{uuid.uuid4().hex[:16]}" for _ in range(lookups)]

        async def scoped(thread_id: str) -> bool:
            return await audit_index.visible_thread(pool, thread_id, centers=MINE) is not None

        async def checked_after(thread_id: str) -> bool:
            row = await audit_index.thread(pool, thread_id)
            return row is not None and row.center_id in MINE

        figures, report = [], []
        for name, lookup in (
            ("scoped query (the API)", scoped),
            ("lookup, then check (before)", checked_after),
        ):
            await timings(lookup, asked_foreign[:100] + asked_missing[:100])  # warm up
            f50, f99 = summary(await timings(lookup, asked_foreign))
            m50, m99 = summary(await timings(lookup, asked_missing))
            report.append((name, f50, f99, m50, m99))
            figures.append((name, f50, m50))
        print(f"{lookups} lookups per case, {threads} threads of S0002 in the index; ms")
        print(f"{'path':32} {'foreign p50':>11} {'p99':>7} {'missing p50':>11} {'p99':>7} {'ratio p50':>9}")
        for name, f50, f99, m50, m99 in report:
            print(f"{name:32} {f50:11.3f} {f99:7.3f} {m50:11.3f} {m99:7.3f} {f50 / m50:9.2f}")
        (_, api_f, api_m), (_, old_f, old_m) = figures
        return [
            Figure(
                bench="not_found_timing",
                figure="foreign/missing p50, scoped query",
                value=api_f / api_m,
                unit="x",
                baseline="foreign/missing p50, lookup then check",
                baseline_value=old_f / old_m,
                goal="~1.0x",
            )
        ]
    finally:
        await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=20000)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    add_arguments(parser, short_help="200 lookups over 2000 threads")
    args = parser.parse_args()
    lookups, threads = (200, 2000) if args.short else (args.lookups, args.threads)
    name = f"pcai_bench_nf_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(args.database_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        write(args.results, asyncio.run(measure(with_db(args.database_url, name), lookups, threads)))
    finally:
        with psycopg.connect(args.database_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
