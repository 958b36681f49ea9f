"""Webhook ingest under concurrent load: requests/s and p50/p99 latency of `POST /webhooks/procare`.

Measured in one run, on one fresh database (created here, dropped at the end):
  1. the real API server (`procare-ai serve --no-access-log`: uvicorn, one process, on a loopback port)
     receiving signed webhooks with unique ids from a load generator (`--concurrency` requests in flight,
     bounded by `--requests` and `--max-seconds`). Each request is verified (Standard Webhooks HMAC and
     timestamp), authenticated (service token), validated, stored and its job enqueued in one transaction
     (group commit: concurrent requests share it), and answered 202. The load generator is `--client raw`
     (default: HTTP/1.1 keep-alive over asyncio streams, requests serialised before the clock starts, so
     the generator costs little of the machine's two cores) or `--client httpx` (httpx.AsyncClient: some
     20 times the generator's CPU per request, measured here at about 1.3 ms against 0.06 ms). The first
     round runs no worker (ingest alone); with `--drain` (and in `--short` mode) a second round of as many
     fresh webhooks runs while the Procare sandbox and one `procare-ai worker --lanes batch` run the
     queued events (the first round's backlog, then its own; `staff.updated` is batch work, and a
     batch-only worker runs niced, procare_ai.lanes, as deployed beside the API), and the jobs they
     finished meanwhile are counted;
  2. the baseline: raw single-row `INSERT ... ; COMMIT` of as many rows (same columns, same jsonb bodies)
     into a scratch table shaped like `webhook_events`, first on one connection, then on `--concurrency`
     connections at once.
It checks that every accepted event of every round is stored with exactly one job, then prints the
rates, latencies and the ratios ingest / raw insert (the baseline runs with no worker).

    .venv/bin/python bench/ingest.py [--requests 2000] [--concurrency 32] [--client raw|httpx] [--drain]
        [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import secrets
import shutil
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
from bench.scale_out import postgres_pids, runqueue_seconds  # noqa: E402
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
    """A realistic `staff.updated` webhook body with a unique id, naming a staff member the sandbox has."""
    center = CENTERS[i % len(CENTERS)]
    return {
        "id": f"evt_{tag}_{i:06d}_{uuid.uuid4().hex[:8]}",
        "type": "staff.updated",
        "occurred_at": datetime.now(UTC).isoformat(),
        "center_id": center,
        "data": {"employee_id": f"{center}-E{1 + i % 20:03d}", "fields": ["phone", "skills"]},
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


def signed(url: str, token: str, bodies: list[dict[str, Any]]) -> list[tuple[str, bytes, dict[str, str]]]:
    """(event id, body, headers) of each webhook, signed before the clock starts: the generator should
    cost as little as possible while it runs."""
    prepared = []
    for body in bodies:
        raw = json.dumps(body, separators=(",", ":")).encode()
        headers = {
            "content-type": "application/json",
            "authorization": f"Bearer {token}",
            **signed_headers(SECRET, f"msg_{body['id']}", int(time.time()), raw),
        }
        prepared.append((body["id"], raw, headers))
    return prepared


async def load(
    url: str, token: str, bodies: list[dict[str, Any]], concurrency: int, max_seconds: float, client: str
) -> LoadResult:
    """Post every body (signed, unique id) with `concurrency` in flight; stop early at `max_seconds`."""
    prepared = signed(url, token, bodies)
    if client == "raw":
        return await load_raw(url, prepared, concurrency, max_seconds)
    result = LoadResult()
    queue = iter(prepared)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as http:
        start = time.perf_counter()
        deadline = start + max_seconds

        async def worker() -> None:
            for event_id, raw, headers in queue:
                if time.perf_counter() > deadline:
                    return
                sent = time.perf_counter()
                try:
                    answer = await http.post("/webhooks/procare", content=raw, headers=headers)
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


def http_request(host: str, raw: bytes, headers: dict[str, str]) -> bytes:
    """One HTTP/1.1 keep-alive POST of a webhook, as bytes on the wire."""
    lines = ["POST /webhooks/procare HTTP/1.1", f"host: {host}", f"content-length: {len(raw)}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + raw


async def load_raw(
    url: str, prepared: list[tuple[str, bytes, dict[str, str]]], concurrency: int, max_seconds: float
) -> LoadResult:
    """The lean generator: `concurrency` keep-alive connections, each sending its next request as soon as
    the previous answer (status line, headers, Content-Length body) is read; an answer 202 counts as
    accepted only when its body names the event's thread."""
    host = url.removeprefix("http://")
    address, port = host.rsplit(":", 1)
    wire = [(event_id, http_request(host, raw, headers)) for event_id, raw, headers in prepared]
    result = LoadResult()
    queue = iter(wire)
    start = time.perf_counter()
    deadline = start + max_seconds

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(address, int(port))
        try:
            for event_id, request in queue:
                if time.perf_counter() > deadline:
                    return
                sent = time.perf_counter()
                try:
                    writer.write(request)
                    head = await reader.readuntil(b"\r\n\r\n")
                    status_line, *header_lines = head.decode("latin-1").split("\r\n")
                    length = next(
                        int(h.split(":", 1)[1])
                        for h in header_lines
                        if h.lower().startswith("content-length:")
                    )
                    answer = await reader.readexactly(length)
                except (OSError, asyncio.IncompleteReadError, StopIteration, ValueError):
                    result.errors += 1
                    return
                result.latencies.append(time.perf_counter() - sent)
                code = int(status_line.split(" ", 2)[1])
                result.statuses[code] = result.statuses.get(code, 0) + 1
                if code == 202 and json.loads(answer)["thread_id"].endswith(f":{event_id}"):
                    result.accepted.append(event_id)
        finally:
            writer.close()

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


def wait_healthy(
    proc: subprocess.Popen[bytes], url: str, log: Path, timeout: float = 60, path: str = "/healthz"
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"{log.stem} exited:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}{path}", timeout=1).status_code == 200:
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


def transactions(db: str, accepted: list[str]) -> int:
    """How many transactions stored the accepted events (distinct `xmin` of their rows): group commit
    shows as fewer transactions than events."""
    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT count(DISTINCT xmin::text) FROM webhook_events WHERE event_id = ANY(%s)", (accepted,)
        ).fetchone()
    return int(row[0]) if row else 0


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


def start(name: str, args: list[str], env: dict[str, str], logs: Path) -> subprocess.Popen[bytes]:
    with (logs / f"{name}.log").open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "procare_ai.cli", *args],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_for_worker(db: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> None:
    """Until the worker has registered with the queue (it takes jobs from then on)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(db, autocommit=True) as conn:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit("the worker exited before it registered")
            row = conn.execute("SELECT count(*) FROM procrastinate_workers").fetchone()
            if row and row[0] >= 1:
                return
            time.sleep(0.2)
    raise SystemExit(f"the worker did not register within {timeout:.0f}s")


def jobs_finished(db: str) -> int:
    with psycopg.connect(db, autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'procare:run_event' "
            "AND status IN ('succeeded', 'failed')"
        ).fetchone()
    return int(row[0]) if row else 0


def stop(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class Round:
    """One load round: its answers, the API's CPU over it, and (draining) the jobs finished meanwhile."""

    name: str
    result: LoadResult
    server_cpu: float | None
    client_cpu: float
    server_waiting: float
    """Seconds the API's threads were runnable but waiting for a CPU (the machine's other work)."""
    postgres_cpu: float
    """CPU seconds of every postgres process on the machine (a shared server: an upper bound for ours)."""
    stored: int = 0
    queued: int = 0
    commits: int = 0
    drained: int | None = None

    @property
    def rate(self) -> float:
        return len(self.result.latencies) / self.result.seconds

    @property
    def p99(self) -> float:
        return percentile([x * 1000 for x in self.result.latencies], 99)

    @property
    def whole(self) -> bool:
        return self.stored == len(self.result.accepted) == self.queued


def one_round(
    name: str, args: argparse.Namespace, url: str, token: str, db: str, api: int, tag: str
) -> Round:
    """Post `--requests` fresh webhooks and measure; jobs finished meanwhile are counted by the caller."""
    bodies = [webhook_body(tag, i) for i in range(args.requests)]
    postgres = {pid: cpu_seconds(pid) or 0.0 for pid in postgres_pids()}
    waiting = runqueue_seconds(api)
    server_cpu, client_cpu = cpu_seconds(api), time.process_time()
    result = asyncio.run(load(url, token, bodies, args.concurrency, args.max_seconds, args.client))
    client_cpu = time.process_time() - client_cpu
    after = cpu_seconds(api)
    server_cpu = None if after is None or server_cpu is None else after - server_cpu
    waiting = runqueue_seconds(api) - waiting
    postgres_cpu = sum(max(0.0, (cpu_seconds(pid) or start) - start) for pid, start in postgres.items())
    return Round(name, result, server_cpu, client_cpu, waiting, postgres_cpu)


def run(args: argparse.Namespace) -> None:
    admin = args.database_url
    name = f"pcai_bench_ingest_{uuid.uuid4().hex[:8]}"
    db = make_conninfo("", **{**conninfo_to_dict(admin), "dbname": name})
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    logs = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    api: subprocess.Popen[bytes] | None = None
    drainers: list[subprocess.Popen[bytes]] = []
    rounds: list[Round] = []
    try:
        token = asyncio.run(prepare(db))
        port, sandbox_port = free_port(), free_port()
        url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PROCARE_AI_", "OPENAI_"))} | {
            "PROCARE_AI_DATABASE_URL": db,
            # called only in the draining round, by the worker: the sandbox on its own port
            "PROCARE_AI_PROCARE_URL": f"http://127.0.0.1:{sandbox_port}",
            "PROCARE_AI_PROCARE_API_KEY": "sandbox-dev-key",
            "PROCARE_AI_WEBHOOK_SECRET": SECRET,
        }
        api = start("api", ["serve", f"--port={port}", "--no-access-log"], env, logs)
        wait_healthy(api, url, logs / "api.log")
        tag = uuid.uuid4().hex[:6]
        warm_bodies = [webhook_body(f"w{tag}", i) for i in range(WARMUP)]
        warm = asyncio.run(load(url, token, warm_bodies, 8, args.max_seconds, args.client))
        assert warm.statuses == {202: WARMUP}, f"warm-up answers: {warm.statuses}"
        rounds.append(one_round("alone", args, url, token, db, api.pid, tag))
        if args.drain:
            drainers.append(
                start(
                    "sandbox", ["sandbox", f"--port={sandbox_port}", f"--centers={len(CENTERS)}"], env, logs
                )
            )
            sandbox_url = f"http://127.0.0.1:{sandbox_port}"
            wait_healthy(drainers[0], sandbox_url, logs / "sandbox.log", path="/_sandbox/health")
            drainers.append(start("worker", ["worker", "--lanes", "batch"], env, logs))
            wait_for_worker(db, drainers[1])
            while jobs_finished(db) == 0:  # the worker is taking jobs (the first round's backlog)
                time.sleep(0.2)
            before = jobs_finished(db)
            rounds.append(one_round("worker draining", args, url, token, db, api.pid, f"d{tag}"))
            rounds[-1].drained = jobs_finished(db) - before
            stop(drainers)  # the baseline below runs with no worker, as it always has
        for r in rounds:
            r.stored, r.queued = check_stored(db, r.result.accepted)
            r.commits = transactions(db, r.result.accepted)

        bodies = [webhook_body(f"r{tag}", i) for i in range(args.requests)]
        rows = raw_rows(bodies[: len(rounds[0].result.latencies)] or bodies)
        with psycopg.connect(db, autocommit=True) as conn:
            conn.execute(SCRATCH)
        half = len(rows) // 2
        seq_rate = insert_sequential(db, rows[:half])
        par_rate, par_latencies = asyncio.run(insert_concurrent(db, rows[half:], args.concurrency))
    finally:
        stop([p for p in [api, *drainers] if p is not None])
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        shutil.rmtree(logs, ignore_errors=True)

    raw_p99 = percentile([x * 1000 for x in par_latencies], 99)
    figures = []
    for r in rounds:
        done, ms = len(r.result.latencies), [x * 1000 for x in r.result.latencies]
        drained = "" if r.drained is None else f", {r.drained} jobs finished by the worker meanwhile"
        print(
            f"webhook ingest, {r.name}: {done} requests, concurrency {args.concurrency}, "
            f"{r.result.seconds:.2f}s, client {args.client}{drained}"
        )
        print(f"  answers: {dict(sorted(r.result.statuses.items()))}, transport errors: {r.result.errors}")
        print(
            f"  accepted events stored: {r.stored}/{len(r.result.accepted)}, jobs queued: {r.queued}, "
            f"in {r.commits} transactions ({r.stored / max(r.commits, 1):.1f} events each)"
        )
        print(f"  throughput: {r.rate:8.1f} requests/s")
        print(f"  latency: p50 {percentile(ms, 50):.1f} ms, p99 {r.p99:.1f} ms, max {max(ms):.1f} ms")
        if r.server_cpu is not None:
            print(
                f"  CPU: API server {r.server_cpu / r.result.seconds:.0%} of a core "
                f"({r.server_cpu / done * 1e3:.2f} ms/request), load generator "
                f"{r.client_cpu / r.result.seconds:.0%}, every postgres process "
                f"{r.postgres_cpu / r.result.seconds:.0%} ({r.postgres_cpu / done * 1e3:.2f} ms/request); "
                f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
            )
        print(
            f"  the API waited for a CPU {r.server_waiting / done * 1e3:.2f} ms/request "
            f"({r.server_waiting / r.result.seconds:.0%} of the round)"
        )
        suffix = "" if r.name == "alone" else f", {r.name}"
        figures += [
            Figure(
                "ingest",
                f"webhook ingest requests/s ({args.concurrency} in flight{suffix})",
                r.rate,
                "requests/s",
                "raw INSERT+COMMIT, 1 connection",
                seq_rate,
                ">= 1.0x",
                r.whole and r.rate >= seq_rate,
                "rows/s",
            ),
            Figure(
                "ingest",
                f"webhook ingest p99 ({args.concurrency} in flight{suffix})",
                r.p99,
                "ms",
                f"raw INSERT+COMMIT p99, {args.concurrency} connections",
                raw_p99,
                "p99 < 25 ms",
                r.p99 < 25,
            ),
        ]
    print(f"raw Postgres single-row INSERT+COMMIT of rows like those ({len(rows)} rows, no worker):")
    print(f"  1 connection:                {seq_rate:8.1f} rows/s")
    print(f"  {args.concurrency} connections:              {par_rate:8.1f} rows/s, p99 {raw_p99:.1f} ms")
    for r in rounds:
        print(f"ratio ingest ({r.name}) / raw insert (1 connection):   {r.rate / seq_rate:.3f}x")
        print(
            f"ratio ingest ({r.name}) / raw insert ({args.concurrency} connections): {r.rate / par_rate:.3f}x"
        )
    write(args.results, figures)
    if not all(r.whole for r in rounds):
        raise SystemExit("an accepted event is missing its row or its job")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=2000, help="webhooks to send (after 50 warm-up)")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="stop sending after this long")
    parser.add_argument(
        "--client",
        choices=["raw", "httpx"],
        default="raw",
        help="load generator: raw asyncio HTTP/1.1 (lean) or httpx.AsyncClient",
    )
    parser.add_argument(
        "--drain",
        action="store_true",
        help="a second round with the sandbox and a worker draining the queue meanwhile",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PROCARE_AI_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres",
        help="a Postgres server (maintenance database); a scratch database is created and dropped there",
    )
    add_arguments(parser, short_help="2,000 requests at 16 in flight, alone then with the worker draining")
    args = parser.parse_args()
    if args.short:
        args.requests, args.concurrency, args.drain = 2000, 16, True
    run(args)


if __name__ == "__main__":
    main()
