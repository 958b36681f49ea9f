"""The API and a worker through a database outage: answer time of `GET /approvals` and `POST
/webhooks/procare` with the database up (the same-run baseline), with its connections just killed, and
with it gone (refusing connections); then whether a worker process outlived it and ran an event after.

Real processes on one fresh database (created here, dropped at the end): `procare-ai serve` and `procare-ai
worker` on loopback. "Gone" is `ALTER DATABASE ... ALLOW_CONNECTIONS false` plus `pg_terminate_backend` of
its connections (the server keeps serving other databases); "killed" is the terminate alone.

    .venv/bin/python bench/db_outage.py [--requests 20] [--outage-seconds 15] [--database-url postgresql://...]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.webhook_signature import signed_headers  # noqa: E402
from bench.ingest import free_port, percentile, prepare, wait_healthy  # noqa: E402
from checkpoints.db import open_pool  # noqa: E402
from services.tokens import create_token  # noqa: E402

SECRET = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
KILL = """
SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()
"""


def webhook(url: str, token: str, event_id: str) -> httpx.Response:
    body = {
        "id": event_id,
        "type": "note.added",
        "occurred_at": "2026-11-02T08:30:00Z",
        "center_id": "S0001",
        "data": {},
    }
    raw = json.dumps(body).encode()
    headers = {
        "content-type": "application/json",
        "Authorization": f"Bearer {token}",
        **signed_headers(SECRET, f"msg_{event_id}", int(time.time()), raw),
    }
    return httpx.post(f"{url}/webhooks/procare", content=raw, headers=headers, timeout=60)


def measure(label: str, n: int, call: object) -> list[float]:
    """`n` sequential calls: prints their p50 and max and what they answered; returns the times (ms)."""
    assert callable(call)
    times, statuses = [], Counter[int]()
    for i in range(n):
        start = time.perf_counter()
        answer = call(i)
        times.append((time.perf_counter() - start) * 1000)
        statuses[answer.status_code] += 1
        if answer.status_code >= 500:
            assert answer.json().get("error") == "database_unavailable", answer.text
    print(
        f"  {label:<42} p50 {percentile(times, 50):7.1f} ms  max {max(times):7.1f} ms  "
        f"answers {dict(sorted(statuses.items()))}"
    )
    return times


def summary(outage: list[float], baseline: list[float]) -> None:
    """The outage answers (all 503) next to the same requests with the database up, in one run."""
    p50, base = percentile(outage, 50), percentile(baseline, 50)
    print(
        f"  503 answers with the database gone: p50 {p50:.1f} ms, max {max(outage):.1f} ms; "
        f"baseline (database up) p50 {base:.1f} ms, max {max(baseline):.1f} ms; "
        f"ratio p50 {p50 / base:.1f}x, max {max(outage) / max(baseline):.1f}x"
    )


async def hr_token(db: str) -> str:
    pool = await open_pool(db, max_size=1)
    try:
        return await create_token(pool, "hr_admin", [], "bench-outage-hr", now=datetime.now(UTC))
    finally:
        await pool.close()


def event_status(db: str, event_id: str) -> str | None:
    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT job_status FROM webhook_events WHERE event_id = %s", (event_id,)
        ).fetchone()
    return None if row is None else str(row[0])


def run(args: argparse.Namespace) -> None:
    import asyncio

    admin = args.database_url
    name = f"pcai_bench_outage_{uuid.uuid4().hex[:8]}"
    db = make_conninfo("", **{**conninfo_to_dict(admin), "dbname": name})
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    procs: list[subprocess.Popen[bytes]] = []
    logs = [Path(tempfile.mkstemp(prefix=f"bench-outage-{n}-", suffix=".log")[1]) for n in ("api", "worker")]
    try:
        service_token = asyncio.run(prepare(db))
        director = asyncio.run(hr_token(db))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PROCARE_AI_", "OPENAI_"))} | {
            "PROCARE_AI_DATABASE_URL": db,
            "PROCARE_AI_PROCARE_URL": "http://127.0.0.1:9",  # unrouted events never call Procare
            "PROCARE_AI_PROCARE_API_KEY": "bench-unused-key",
            "PROCARE_AI_WEBHOOK_SECRET": SECRET,
        }
        for command, log in (
            (["serve", f"--port={port}"], logs[0]),
            (["worker", "--concurrency=2"], logs[1]),
        ):
            with log.open("wb") as out:
                procs.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "procare_ai.cli", *command],
                        env=env,
                        cwd=ROOT,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )
                )
        wait_healthy(procs[0], url, logs[0])
        tag = uuid.uuid4().hex[:6]

        def approvals(_: int) -> httpx.Response:
            return httpx.get(f"{url}/approvals", headers={"Authorization": f"Bearer {director}"}, timeout=60)

        def ingest(prefix: str):  # type: ignore[no-untyped-def]
            return lambda i: webhook(url, service_token, f"evt_{tag}_{prefix}_{i}")

        n = args.requests
        print(f"database outage: {n} sequential requests per line, API and worker as real processes")
        baseline = measure("database up: GET /approvals", n, approvals)
        baseline += measure("database up: POST /webhooks/procare", n, ingest("up"))
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(KILL, (name,))
        measure("connections just killed: GET /approvals", n, approvals)
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false")
            conn.execute(KILL, (name,))
        outage_start = time.monotonic()
        try:
            gone = measure("database gone: GET /approvals", n, approvals)
            gone += measure("database gone: POST /webhooks/procare", n, ingest("gone"))
            time.sleep(max(0.0, args.outage_seconds - (time.monotonic() - outage_start)))
        finally:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true")
        outage = time.monotonic() - outage_start
        summary(gone, baseline)
        alive = [p.poll() is None for p in procs]
        after = f"evt_{tag}_after"
        deadline = time.monotonic() + 120
        while webhook(url, service_token, after).status_code != 202 and time.monotonic() < deadline:
            time.sleep(0.5)
        start = time.monotonic()
        while event_status(db, after) != "done" and time.monotonic() < deadline:
            time.sleep(0.2)
        ran = event_status(db, after) == "done"
        print(
            f"  after a {outage:.0f} s outage: API process up {alive[0]}, worker process up {alive[1]}; "
            f"an event sent after it {'ran' if ran else 'did NOT run'} "
            f"({time.monotonic() - start:.1f} s from accepted to done)"
        )
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        for log in logs:
            log.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=20, help="requests per condition")
    parser.add_argument("--outage-seconds", type=float, default=15.0, help="how long the database is gone")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PROCARE_AI_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres",
        help="a Postgres server (maintenance database); a scratch database is created and dropped there",
    )
    run(parser.parse_args())


if __name__ == "__main__":
    main()
