"""Webhook ingest under concurrent load: requests/s and p50/p99 latency of `POST /webhooks/procare`.

Measured in one run, on one fresh database (created here, dropped at the end):
  1. the real API server (`procare-ai serve`: uvicorn, one process, on a loopback port) receiving signed
     webhooks with unique ids from a load generator (httpx.AsyncClient, `--concurrency` requests in flight,
     bounded by `--requests` and `--max-seconds`). Each request is verified (Standard Webhooks HMAC and
     timestamp), authenticated (service token), validated, stored and its job enqueued in one transaction,
     and answered 202. No worker runs: this measures ingest, not graph runs;
  2. the baseline: raw single-row `INSERT ... ; COMMIT` of the same rows (same columns, same jsonb bodies)
     into a scratch table shaped like `webhook_events`, first on one connection, then on `--concurrency`
     connections at once.
It checks that every accepted event is stored with exactly one job, then prints the rates, latencies and
the ratios ingest / raw insert.

    .venv/bin/python bench/ingest.py [--requests 2000] [--concurrency 32] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.json import Jsonb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.webhook_signature import signed_headers  # noqa: E402
from bench.figures import Figure, add_arguments, write  # noqa: E402
from checkpoints.db import open_pool  # noqa: E402
from checkpoints.migrate import setup_database  # noqa: E402
from procare_ai.jobs import make_app  # noqa: E402
from services.tokens import create_token  # noqa: E402

SECRET = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
CENTERS = [f"S{n:04d}" for n in range(1, 6)]
WARMUP = 50
SCRATCH = """
CREATE TABLE bench_events (
    event_id text PRIMARY KEY, event_type text NOT NULL, center_id text NOT NULL,
    occurred_at timestamptz NOT NULL, received_at timestamptz NOT NULL DEFAULT now(), body jsonb NOT NULL,
    thread_id text NOT NULL, job_status text NOT NULL DEFAULT 'queued', job_error text,
    updated_at timestamptz NOT NULL DEFAULT now()
)
"""
INSERT = """
INSERT INTO bench_events (event_id, event_type, center_id, occurred_at, body, thread_id)
VALUES (%s, %s, %s, %s, %s, %s)
"""


def webhook_body(tag: str, i: int) -> dict[str, Any]:
    """A realistic `staff.updated` webhook body with a unique id."""
    center = CENTERS[i % len(CENTERS)]
    return {
        "id": f"evt_{tag}_{i:06d}_{uuid.uuid4().hex[:8]}",
        "type": "staff.updated",
        "occurred_at": datetime.now(UTC).isoformat(),
        "center_id": center,
        "data": {"employee_id": f"{center}-E{i % 40:03d}", "fields": ["phone", "skills"]},
    }


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    seconds: float = 0.0
    accepted: list[str] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


async def load(
    url: str, token: str, bodies: list[dict[str, Any]], concurrency: int, max_seconds: float
) -> LoadResult:
    """Post every body (signed, unique id) with `concurrency` in flight; stop early at `max_seconds`."""
    prepared = []
    for body in bodies:  # sign before the clock starts: the generator should cost as little as possible
        raw = json.dumps(body, separators=(",", ":")).encode()
        headers = {
            "content-type": "application/json",
            "authorization": f"Bearer {token}",
            **signed_headers(SECRET, f"msg_{body['id']}", int(time.time()), raw),
        }
        prepared.append((body["id"], raw, headers))
    result = LoadResult()
    queue = iter(prepared)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        start = time.perf_counter()
        deadline = start + max_seconds

        async def worker() -> None:
            for event_id, raw, headers in queue:
                if time.perf_counter() > deadline:
                    return
                sent = time.perf_counter()
                try:
                    answer = await client.post("/webhooks/procare", content=raw, headers=headers)
                except httpx.HTTPError:
                    result.errors += 1
                    continue
                result.latencies.append(time.perf_counter() - sent)
                result.statuses[answer.status_code] = result.statuses.get(answer.status_code, 0) + 1
                if answer.status_code == 202:
                    result.accepted.append(event_id)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
        result.seconds = time.perf_counter() - start
    return result


def raw_rows(bodies: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (
            b["id"],
            b["type"],
            b["center_id"],
            datetime.fromisoformat(b["occurred_at"]),
            Jsonb(b),
            f"{b['center_id']}:{b['id']}",
        )
        for b in bodies
    ]


def insert_sequential(url: str, rows: list[tuple[Any, ...]]) -> float:
    """Rows per second of single-row INSERT + COMMIT on one connection."""
    with psycopg.connect(url) as conn:
        start = time.perf_counter()
        for row in rows:
            conn.execute(INSERT, row)
            conn.commit()
        return len(rows) / (time.perf_counter() - start)


async def insert_concurrent(
    url: str, rows: list[tuple[Any, ...]], connections: int
) -> tuple[float, list[float]]:
    """Rows per second of single-row INSERT + COMMIT spread over `connections` connections at once, and
    each row's latency (insert to commit) in seconds."""
    conns = [await psycopg.AsyncConnection.connect(url) for _ in range(connections)]
    queue = iter(rows)
    latencies: list[float] = []

    async def worker(conn: psycopg.AsyncConnection[Any]) -> None:
        for row in queue:
            sent = time.perf_counter()
            await conn.execute(INSERT, row)
            await conn.commit()
            latencies.append(time.perf_counter() - sent)

    try:
        start = time.perf_counter()
        await asyncio.gather(*(worker(c) for c in conns))
        return len(rows) / (time.perf_counter() - start), latencies
    finally:
        for c in conns:
            await c.close()


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), to tell a CPU-bound server from a waiting one."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(proc: subprocess.Popen[bytes], url: str, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the API server exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"the API server did not become healthy in {timeout:.0f}s")


async def prepare(db: str) -> str:
    """Migrate the fresh database and create the service token the webhooks carry."""
    pool = await open_pool(db, max_size=2)
    try:
        await setup_database(pool, make_app(db))
        return await create_token(pool, "service", [], "bench-ingest", now=datetime.now(UTC))
    finally:
        await pool.close()


def check_stored(db: str, accepted: list[str]) -> tuple[int, int]:
    """(events stored, run_event jobs queued) among the accepted ids."""
    with psycopg.connect(db) as conn:
        events = conn.execute(
            "SELECT count(*) FROM webhook_events WHERE event_id = ANY(%s)", (accepted,)
        ).fetchone()
        jobs = conn.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'procare:run_event' "
            "AND args->>'event_id' = ANY(%s)",
            (accepted,),
        ).fetchone()
    assert events is not None and jobs is not None
    return int(events[0]), int(jobs[0])


def run(args: argparse.Namespace) -> None:
    admin = args.database_url
    name = f"pcai_bench_ingest_{uuid.uuid4().hex[:8]}"
    db = make_conninfo("", **{**conninfo_to_dict(admin), "dbname": name})
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    proc: subprocess.Popen[bytes] | None = None
    log = Path(tempfile.mkstemp(prefix="bench-ingest-api-", suffix=".log")[1])
    try:
        token = asyncio.run(prepare(db))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PROCARE_AI_", "OPENAI_"))} | {
            "PROCARE_AI_DATABASE_URL": db,
            "PROCARE_AI_PROCARE_URL": "http://127.0.0.1:9",  # never called: no worker runs
            "PROCARE_AI_PROCARE_API_KEY": "bench-unused-key",
            "PROCARE_AI_WEBHOOK_SECRET": SECRET,
        }
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "procare_ai.cli", "serve", f"--port={port}", "--no-access-log"],
                env=env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_healthy(proc, url, log)

        tag = uuid.uuid4().hex[:6]
        warm = asyncio.run(
            load(url, token, [webhook_body(f"w{tag}", i) for i in range(WARMUP)], 8, args.max_seconds)
        )
        assert warm.statuses == {202: WARMUP}, f"warm-up answers: {warm.statuses}"
        bodies = [webhook_body(tag, i) for i in range(args.requests)]
        server_cpu, client_cpu = cpu_seconds(proc.pid), time.process_time()
        result = asyncio.run(load(url, token, bodies, args.concurrency, args.max_seconds))
        client_cpu = time.process_time() - client_cpu
        after = cpu_seconds(proc.pid)
        server_cpu = None if after is None or server_cpu is None else after - server_cpu
        stored, queued = check_stored(db, result.accepted)

        rows = raw_rows(bodies[: len(result.latencies)] or bodies)
        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute(SCRATCH)
        half = len(rows) // 2
        seq_rate = insert_sequential(db, rows[:half])
        par_rate, par_latencies = asyncio.run(insert_concurrent(db, rows[half:], args.concurrency))
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        log.unlink(missing_ok=True)

    done = len(result.latencies)
    rate = done / result.seconds
    ms = [x * 1000 for x in result.latencies]
    print(f"webhook ingest: {done} requests, concurrency {args.concurrency}, {result.seconds:.2f}s")
    print(f"  answers: {dict(sorted(result.statuses.items()))}, transport errors: {result.errors}")
    print(f"  accepted events stored: {stored}/{len(result.accepted)}, jobs queued: {queued}")
    print(f"  throughput: {rate:8.1f} requests/s")
    print(
        f"  latency: p50 {percentile(ms, 50):.1f} ms, p99 {percentile(ms, 99):.1f} ms, max {max(ms):.1f} ms"
    )
    if server_cpu is not None:
        print(
            f"  CPU: API server {server_cpu / result.seconds:.0%} of a core "
            f"({server_cpu / done * 1e3:.2f} ms/request), load generator {client_cpu / result.seconds:.0%}; "
            f"{os.cpu_count()} CPUs"
        )
    print(f"raw Postgres single-row INSERT+COMMIT of the same rows ({len(rows)} rows):")
    print(f"  1 connection:                {seq_rate:8.1f} rows/s")
    raw_p99 = percentile([x * 1000 for x in par_latencies], 99)
    print(f"  {args.concurrency} connections:              {par_rate:8.1f} rows/s, p99 {raw_p99:.1f} ms")
    print(f"ratio ingest / raw insert (1 connection):              {rate / seq_rate:.3f}x")
    print(f"ratio ingest / raw insert ({args.concurrency} connections):             {rate / par_rate:.3f}x")
    whole = stored == len(result.accepted) == queued
    write(
        args.results,
        [
            Figure(
                "ingest",
                f"webhook ingest requests/s ({args.concurrency} in flight)",
                rate,
                "requests/s",
                "raw INSERT+COMMIT, 1 connection",
                seq_rate,
                ">= 1.0x",
                whole and rate >= seq_rate,
                "rows/s",
            ),
            Figure(
                "ingest",
                f"webhook ingest p99 ({args.concurrency} in flight)",
                percentile(ms, 99),
                "ms",
                f"raw INSERT+COMMIT p99, {args.concurrency} connections",
                raw_p99,
                "p99 < 25 ms",
                percentile(ms, 99) < 25,
            ),
        ],
    )
    if not whole:
        raise SystemExit("an accepted event is missing its row or its job")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000, help="webhooks to send (after 50 warm-up)")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="stop sending after this long")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PROCARE_AI_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres",
        help="a Postgres server (maintenance database); a scratch database is created and dropped there",
    )
    add_arguments(parser, short_help="400 requests at 16 in flight")
    args = parser.parse_args()
    if args.short:
        args.requests, args.concurrency = 400, 16
    run(args)


if __name__ == "__main__":
    main()
