"""Listing pending approvals a page at a time: p50 and p99 per page over 10,000 waiting reviews.

What `GET /approvals` does (services.approvals.pending_cursor_page): ask `checkpoints.audit_index.pending`
(the one query the services layer, the API and the CLI list through) for `--page` + 1 rows after the
previous page's last row (the cursor's keyset position), one page after another until every pending
review was seen. Measured on one fresh database (created here, dropped at the end) seeded with `--pending`
threads awaiting review and as many finished ones (which the listing must skip), spread over 200 centers,
each with a stored request summary (staff ids, actions, a deadline on some, a live alert on a few):

  1. every page of the whole queue, oldest first, `--page` rows a page, as an HR admin sees it (all
     centers), and the same for a director of 10 centers;
  2. the baseline, interleaved page by page: one primary-key lookup of a thread on the same table, the
     floor of one query on this machine at that moment.
It checks that the pages together hold every pending thread of the scope exactly once and that every
page reported the same `total`, then prints p50 and p99 per page next to the baseline.

    .venv/bin/python bench/approvals.py [--pending 10000] [--page 50] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
import uuid
from datetime import datetime
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.figures import Figure, add_arguments, write  # noqa: E402
from checkpoints import audit_index  # noqa: E402
from checkpoints.db import open_pool  # noqa: E402
from checkpoints.migrate import apply_migrations  # noqa: E402

CENTERS = 200
SEED = """
INSERT INTO audit_threads (thread_id, center_id, event_id, event_type, workflow, status, request_summary,
                           created_at, updated_at)
SELECT format('S%%s:evt-%%s', lpad((n / 2 %% 200 + 1)::text, 4, '0'), n),
       format('S%%s', lpad((n / 2 %% 200 + 1)::text, 4, '0')),
       format('evt-%%s', n),
       'scan.credentials', 'credentials',
       CASE WHEN n %% 2 = 0 THEN 'awaiting_review' ELSE 'done' END,
       CASE WHEN n %% 2 = 0 THEN jsonb_build_object(
           'staff_ids', jsonb_build_array(format('E%%s', n %% 37)),
           'actions', jsonb_build_array(
               jsonb_build_object('name', 'create_task', 'description', 'Renew CPR before it expires'),
               jsonb_build_object('name', 'send_message', 'description', 'Reminder to the staff member')),
           'alert', n %% 97 = 0,
           'deadline', CASE WHEN n %% 3 = 0 THEN '2026-12-15' END) END,
       now() - make_interval(secs => %(count)s - n), now() - make_interval(secs => %(count)s - n)
FROM generate_series(1, %(count)s) AS n
"""
"""`count` threads, every other one awaiting review, the pairs in 200 centers by turn, one second apart."""
LOOKUP = "SELECT thread_id, status FROM audit_threads WHERE thread_id = %s"


def quantiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[98]


async def walk(
    pool: psycopg.AsyncConnection | object,
    *,
    centers: frozenset[str] | None,
    page: int,
    probe: str,
) -> tuple[list[float], list[float], list[str], int]:
    """Every page of the scope, by keyset as the API's cursor pages; a baseline lookup after each page.
    (page latencies, lookup latencies, thread ids seen in order, the total every page reported, or -2
    when two pages disagreed)."""
    pages: list[float] = []
    lookups: list[float] = []
    seen: list[str] = []
    total = -1
    after: tuple[datetime, str] | None = None
    while True:
        t0 = time.perf_counter()
        rows, matching = await audit_index.pending(pool, centers=centers, limit=page + 1, after=after)  # type: ignore[arg-type]
        pages.append(time.perf_counter() - t0)
        total = matching if total in (-1, matching) else -2  # every page must report the same total
        items = rows[:page]
        seen.extend(r.thread_id for r in items)
        t0 = time.perf_counter()
        async with pool.connection() as conn:  # type: ignore[attr-defined]
            await (await conn.execute(LOOKUP, (probe,))).fetchone()
        lookups.append(time.perf_counter() - t0)
        if len(rows) <= page:
            return pages, lookups, seen, total
        after = (items[-1].updated_at, items[-1].thread_id)


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pending", type=int, default=10_000, help="threads awaiting review")
    parser.add_argument("--page", type=int, default=50, help="rows a page")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PROCARE_AI_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres",
        help="a Postgres server (maintenance database); a scratch database is created and dropped there",
    )
    add_arguments(parser, short_help="the same 10,000 pending (the bench is short already)")
    args = parser.parse_args()
    name = f"pcai_bench_approvals_{uuid.uuid4().hex[:8]}"
    db = make_conninfo("", **{**conninfo_to_dict(args.database_url), "dbname": name})
    async with await psycopg.AsyncConnection.connect(args.database_url, autocommit=True) as conn:
        await conn.execute(f"CREATE DATABASE {name}")
    try:
        pool = await open_pool(db, max_size=2)
        try:
            await apply_migrations(pool)
            async with pool.connection() as conn:
                await conn.execute(SEED, {"count": 2 * args.pending})
                await conn.execute("ANALYZE audit_threads")
            probe = "S0001:evt-400"
            director = frozenset(f"S{n:04d}" for n in range(1, 11))
            await walk(pool, centers=None, page=args.page, probe=probe)  # warm-up: caches, plans
            results = {}
            for label, scope, expected in (
                ("HR admin, all centers", None, args.pending),
                ("director, 10 centers", director, args.pending * len(director) // CENTERS),
            ):
                pages, lookups, seen, total = await walk(pool, centers=scope, page=args.page, probe=probe)
                whole = len(seen) == len(set(seen)) == total == expected
                results[label] = (pages, lookups, len(seen), whole)
        finally:
            await pool.close()
    finally:
        async with await psycopg.AsyncConnection.connect(args.database_url, autocommit=True) as conn:
            await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    print(
        f"pending approvals, {args.page} a page, {args.pending:,} awaiting review among "
        f"{2 * args.pending:,} threads in {CENTERS} centers (audit_index.pending, one query a page)"
    )
    figures = []
    for label, (pages, lookups, seen, whole) in results.items():
        p50, p99 = quantiles(pages)
        b50, b99 = quantiles(lookups)
        print(
            f"  {label:24} {len(pages):4d} pages, {seen:6,} rows, each once: {'yes' if whole else 'NO'}; "
            f"p50 {p50 * 1e3:7.2f} ms, p99 {p99 * 1e3:7.2f} ms, worst {max(pages) * 1e3:7.2f} ms"
        )
        print(f"  {'baseline: PK lookup':24} p50 {b50 * 1e3:7.2f} ms, p99 {b99 * 1e3:7.2f} ms")
        print(f"  {'ratio page / lookup':24} p50 {p50 / b50:.1f}x, p99 {p99 / b99:.1f}x")
        figures.append(
            Figure(
                "approvals",
                f"pending approvals page p99 ({label}, {args.pending:,} pending, {args.page}/page)",
                p99 * 1e3,
                "ms",
                "primary-key lookup p99",
                b99 * 1e3,
                "p99 < 50 ms, every row once",
                whole and p99 < 0.050,
            )
        )
    write(args.results, figures)
    if not all(whole for *_, whole in results.values()):
        raise SystemExit("a pending approval was missing from the pages or listed twice")


if __name__ == "__main__":
    asyncio.run(main())
