"""Scale-out: the whole path (signed webhook in, graph run to its review interrupt) with 1, 2 and 4 workers.

Real processes on loopback, one fresh database (created here, dropped at the end): the Procare sandbox
(`--centers` centers, each given bench rooms where one more child puts the room out of ratio), the API
(`procare-ai serve`) and W worker processes (`procare-ai worker`, the default lanes). For each W, in one
run: `--events` attendance check-ins, each into a room of its own (so each is a new live violation with a
director task to approve), spread over every center, are posted signed at `--concurrency` in flight; the
figure is events per second from the first post to the last thread indexed as awaiting review. The
1-worker round is the baseline of the others (ratio = how the path grows with workers).

While each round runs it samples what saturates: each process's CPU (from /proc: the API, every worker,
and all of Postgres's processes together, since the server may be shared), the machine's load, and what
the database's sessions of this run wait on (pg_stat_activity: CPU, Lock, LWLock, IO, Client).

Correctness, checked after every round: every event stored once, exactly one job per event and it
succeeded, every thread indexed awaiting review once. After the last round every pending review is
approved through `POST /approvals/{thread}/decisions` (an HR admin token) and each approved write-back
must have reached the sandbox exactly once (its effects log); one decision posted again must change
nothing.

    .venv/bin/python bench/scale_out.py [--events 150] [--centers 40] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.webhook_signature import signed_headers  # noqa: E402
from bench.alert_latency import (  # noqa: E402
    AGE,
    API_KEY,
    EVENT_MINUTE,
    SECRET,
    Processes,
    alert_receiver,
    free_port,
    inject_rooms,
)
from bench.figures import Figure, add_arguments, write  # noqa: E402

WORKERS = (1, 2, 4)
WAITS = """
SELECT coalesce(wait_event_type, 'CPU') AS waiting, count(*) AS n FROM pg_stat_activity
WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1
"""
DONE = "SELECT count(*) FROM audit_threads WHERE thread_id = ANY(%s) AND status <> 'running'"


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def runqueue_seconds(pid: int) -> float:
    """Time the process's threads spent runnable but waiting for a CPU (/proc/PID/task/*/schedstat, second
    field, ns): how much of a job's wall time went to a machine busy with other work."""
    total = 0
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            total += int((task / "schedstat").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
    return total / 1e9


def postgres_pids() -> list[int]:
    """Every process named postgres on this machine (the server's backends and its helpers)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    out.append(int(entry.name))
            except OSError:
                continue
    return out


@dataclass
class Sampler:
    """CPU of named processes and the database's wait states, sampled while a round runs."""

    db: str
    pids: dict[str, list[int]]
    waits: Counter[str] = field(default_factory=Counter)
    samples: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def cpu(self) -> dict[str, float]:
        found = {name: sum(cpu_seconds(p) for p in pids) for name, pids in self.pids.items()}
        found["postgres (all)"] = sum(cpu_seconds(p) for p in postgres_pids())
        found["workers waiting for a CPU"] = sum(runqueue_seconds(p) for p in self.pids["workers"])
        return found

    def run(self) -> None:
        with psycopg.connect(self.db, autocommit=True) as conn:
            while not self._stop.wait(0.25):
                try:
                    rows = conn.execute(WAITS).fetchall()
                except psycopg.Error:
                    return  # the round ended badly; its error is the main thread's to report
                for waiting, n in rows:
                    self.waits[str(waiting)] += int(n)
                self.samples += 1

    def stop(self) -> None:
        self._stop.set()


def interleaved(rooms: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """The rooms one center after another in turn (inject_rooms gives them center by center), so every
    round spreads over every center: a center's live events run one at a time (their `live:<center>`
    lock), and a round of one center's rooms would measure that lock alone."""
    by_center: dict[str, list[tuple[str, str, str]]] = {}
    for room in rooms:
        by_center.setdefault(room[0], []).append(room)
    columns = list(by_center.values())
    return [c[i] for i in range(max(map(len, columns), default=0)) for c in columns if i < len(c)]


def check_in(center: str, room: str, today: date, n: int) -> tuple[str, bytes, dict[str, str]]:
    body = {
        "id": f"evt_scale_{uuid.uuid4().hex}",
        "type": "attendance.changed",
        "occurred_at": datetime.now(UTC).isoformat(),
        "center_id": center,
        "data": {"classroom_id": room, "child_id": f"{room}-NEW{n}", "action": "check_in"}
        | {"minute": EVENT_MINUTE, "date": today.isoformat(), "age_months": AGE},
    }
    raw = json.dumps(body, separators=(",", ":")).encode()
    headers = {"content-type": "application/json"} | signed_headers(
        SECRET, f"msg_{body['id']}", int(time.time()), raw
    )
    return str(body["id"]), raw, headers


async def post_all(
    api: str, token: str, requests: list[tuple[str, bytes, dict[str, str]]], concurrency: int
) -> list[str]:
    """Post every webhook with `concurrency` in flight; the thread ids of those answered 202."""
    queue = iter(requests)
    threads: list[str] = []
    bearer = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=api, timeout=60, headers=bearer) as client:

        async def one() -> None:
            for _event_id, raw, headers in queue:
                answer = await client.post("/webhooks/procare", content=raw, headers=headers)
                if answer.status_code != 202:
                    raise SystemExit(f"webhook answered {answer.status_code}: {answer.text[:300]}")
                threads.append(answer.json()["thread_id"])

        await asyncio.gather(*(one() for _ in range(concurrency)))
    return threads


def database_bytes(db: str) -> int:
    """The database's size on disk (tables, indexes, TOAST; not WAL)."""
    with psycopg.connect(db, autocommit=True) as conn:
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return int(row[0]) if row else 0


def wait_for_workers(db: str, count: int, timeout: float = 300) -> None:
    """Until `count` workers have registered with the queue (a worker takes jobs as soon as it has)."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(db, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute("SELECT count(*) FROM procrastinate_workers").fetchone()
            if row and row[0] >= count:
                return
            time.sleep(0.2)
    raise SystemExit(f"{count} workers did not register within {timeout:.0f}s")


JOB_TIMES = """
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.at - d.at)),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.at - s.at)),
       sum(extract(epoch FROM f.at - s.at))
FROM procrastinate_jobs j
JOIN procrastinate_events d ON d.job_id = j.id AND d.type = 'deferred'
JOIN procrastinate_events s ON s.job_id = j.id AND s.type = 'started'
JOIN procrastinate_events f ON f.job_id = j.id AND f.type IN ('succeeded', 'failed')
WHERE j.args->>'event_id' = ANY(%s)
"""
"""Per job: the wait from deferred to started (p50), the run (p50), and the run time of all of them."""


def check_round(db: str, event_ids: list[str], threads: list[str]) -> list[str]:
    """What is wrong with the round's stored events, jobs and threads (empty: nothing)."""
    problems = []
    with psycopg.connect(db) as conn:
        stored = conn.execute(
            "SELECT count(*), count(DISTINCT event_id) FROM webhook_events WHERE event_id = ANY(%s)",
            (event_ids,),
        ).fetchone()
        jobs = conn.execute(
            "SELECT args->>'event_id', count(*), bool_and(status = 'succeeded') FROM procrastinate_jobs "
            "WHERE task_name = 'procare:run_event' AND args->>'event_id' = ANY(%s) GROUP BY 1",
            (event_ids,),
        ).fetchall()
        paused = conn.execute(
            "SELECT count(*) FROM audit_threads WHERE thread_id = ANY(%s) AND status = 'awaiting_review'",
            (threads,),
        ).fetchone()
    if stored is None or stored[0] != len(event_ids) or stored[1] != len(event_ids):
        problems.append(f"events stored {stored} for {len(event_ids)} sent")
    if len(jobs) != len(event_ids) or any(n != 1 or not ok for _e, n, ok in jobs):
        problems.append(
            f"jobs: {len(jobs)} events with jobs, {sum(1 for _e, n, ok in jobs if n != 1 or not ok)} bad"
        )
    if paused is None or paused[0] != len(set(threads)) or len(set(threads)) != len(event_ids):
        problems.append(f"threads awaiting review: {paused} of {len(event_ids)}")
    return problems


@dataclass
class Round:
    workers: int
    events: int
    seconds: float
    cpu: dict[str, float]
    waits: Counter[str]
    samples: int
    load: float
    problems: list[str]

    @property
    def rate(self) -> float:
        return self.events / self.seconds


def one_round(
    procs: Processes,
    api: str,
    db: str,
    workers: int,
    rooms: list[tuple[str, str, str]],
    today: date,
    token: str,
    args: Any,
) -> Round:
    names = [f"worker-{workers}-{i}" for i in range(workers)]
    started = [procs.start(name, "worker") for name in names]
    wait_for_workers(db, workers)
    requests = [check_in(center, room, today, n) for n, (center, room, _name) in enumerate(rooms)]
    event_ids = [r[0] for r in requests]
    named = dict(procs.procs)
    sampler = Sampler(
        db,
        {"api": [named["api"].pid], "sandbox": [named["sandbox"].pid], "workers": [p.pid for p in started]},
    )
    before, load0 = sampler.cpu(), os.getloadavg()[0]
    size0 = database_bytes(db)
    watcher = threading.Thread(target=sampler.run, daemon=True)
    watcher.start()
    t0 = time.perf_counter()
    threads = asyncio.run(post_all(api, token, requests, args.concurrency))
    posted = time.perf_counter() - t0
    deadline = time.monotonic() + 600
    with psycopg.connect(db, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(DONE, (threads,)).fetchone()
            if row and row[0] >= len(threads):
                break
            time.sleep(0.1)
    seconds = time.perf_counter() - t0
    sampler.stop()
    watcher.join()
    after = sampler.cpu()
    for proc in started:
        proc.terminate()
    for proc in started:
        proc.wait(60)
    used = {k: (after[k] - before.get(k, 0.0)) / seconds for k in after}
    load = (load0 + os.getloadavg()[0]) / 2
    problems = check_round(db, event_ids, threads)
    stored = (database_bytes(db) - size0) / len(rooms)
    with psycopg.connect(db) as conn:
        times = conn.execute(JOB_TIMES, (event_ids,)).fetchone()
    wait50, run50, busy = (float(x or 0) for x in times) if times else (0.0, 0.0, 0.0)
    print(
        f"    posted in {posted:.1f} s; job waited p50 {wait50 * 1e3:.0f} ms, ran p50 {run50 * 1e3:.0f} ms; "
        f"{busy / seconds:.1f} jobs running on average; database grew {stored / 1024:.1f} KiB per event; "
        f"CPU per event: "
        + ", ".join(f"{k} {v * seconds / len(rooms) * 1e3:.1f} ms" for k, v in used.items())
    )
    return Round(workers, len(rooms), seconds, used, sampler.waits, sampler.samples, load, problems)


def approve_all(api: str, db: str, token: str, sandbox: str) -> list[str]:
    """Approve every pending review; each approved action must reach the sandbox once, and a decision
    posted twice must change nothing. What went wrong (empty: nothing)."""
    with psycopg.connect(db) as conn:
        rows = conn.execute(
            "SELECT thread_id, jsonb_array_length(request_summary->'actions') FROM audit_threads "
            "WHERE status = 'awaiting_review' ORDER BY thread_id"
        ).fetchall()
    headers = {"authorization": f"Bearer {token}"}
    admin = {"X-API-Key": API_KEY}
    problems: list[str] = []
    with httpx.Client(base_url=api, headers=headers, timeout=120) as client:
        before = httpx.get(f"{sandbox}/_sandbox/effects", headers=admin, timeout=60).json()["count"]
        actions = 0
        for thread_id, n in rows:
            body = {"decisions": [{"type": "approve"}] * int(n)}
            answer = client.post(f"/approvals/{thread_id}/decisions", json=body)
            if answer.status_code != 200 or not all(r["ok"] for r in answer.json()["results"]):
                problems.append(f"{thread_id}: {answer.status_code} {answer.text[:200]}")
            actions += int(n)
        if rows:
            again = client.post(
                f"/approvals/{rows[0][0]}/decisions", json={"decisions": [{"type": "approve"}]}
            )
            if again.status_code != 409:
                problems.append(f"a decision posted twice answered {again.status_code}")
        after = httpx.get(f"{sandbox}/_sandbox/effects", headers=admin, timeout=60).json()["count"]
    if after - before != actions:
        problems.append(f"{after - before} write-backs reached Procare for {actions} approved actions")
    print(f"  approved {len(rows)} reviews ({actions} actions): {after - before} write-backs in the sandbox")
    return problems


def run(args: argparse.Namespace) -> list[Round]:
    admin = make_conninfo(args.database_url, dbname="postgres")
    name = f"procare_ai_bench_scale_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    db = make_conninfo("", **{**conninfo_to_dict(admin), "dbname": name})
    today = date.today()
    sandbox_port, api_port = free_port(), free_port()
    sandbox, api = f"http://127.0.0.1:{sandbox_port}", f"http://127.0.0.1:{api_port}"
    logs = Path(tempfile.mkdtemp(prefix="procare-ai-bench-scale-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROCARE_AI_", "OPENAI_"))}
    rounds: list[Round] = []
    with alert_receiver() as receiver:
        env |= {
            "PROCARE_AI_DATABASE_URL": db,
            "PROCARE_AI_PROCARE_URL": sandbox,
            "PROCARE_AI_PROCARE_API_KEY": API_KEY,
            "PROCARE_AI_WEBHOOK_SECRET": SECRET,
            "PROCARE_AI_SLACK_WEBHOOK_URL": receiver.url,
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
        procs = Processes(logs, env)
        try:
            procs.cli("db", "setup")
            hr = procs.cli("tokens", "create", "--role", "hr_admin", "--label", "bench-hr").strip()
            service = procs.cli("tokens", "create", "--role", "service", "--label", "bench-hooks").strip()
            procs.cli("rollout", "set", "--center", "*", "--workflow", "ratios", "--phase", "assistive")
            procs.start("sandbox", "sandbox", f"--port={sandbox_port}", f"--centers={args.centers}")
            procs.wait_http("sandbox", f"{sandbox}/_sandbox/health")
            centers = [f"S{n:04d}" for n in range(1, args.centers + 1)]
            rooms = interleaved(inject_rooms(sandbox, centers, args.events * len(WORKERS), today))
            procs.start("api", "serve", f"--port={api_port}")
            procs.wait_http("api", f"{api}/healthz")
            for i, workers in enumerate(WORKERS):
                mine = rooms[i * args.events : (i + 1) * args.events]
                done = one_round(procs, api, db, workers, mine, today, service, args)
                rounds.append(done)
                print(
                    f"  {workers} worker(s): {done.events} events in {done.seconds:.1f} s = {done.rate:.1f} "
                    f"events/s; CPU (cores): "
                    + ", ".join(f"{k} {v:.2f}" for k, v in done.cpu.items())
                    + f"; load {done.load:.1f}; db sessions by wait: "
                    + ", ".join(f"{k} {v / max(done.samples, 1):.1f}" for k, v in done.waits.most_common())
                    + ("; checks ok" if not done.problems else f"; PROBLEMS: {done.problems}"),
                    flush=True,
                )
            procs.start("worker-approve", "worker")  # resumed runs need no worker, but alerts might
            problems = approve_all(api, db, hr, sandbox)
            if problems:
                rounds[-1].problems.extend(problems)
                print(f"  write-back PROBLEMS: {problems[:5]}")
        finally:
            procs.stop()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    print(f"  (process logs in {logs})")
    return rounds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=150, help="events per round (one round per W)")
    parser.add_argument("--centers", type=int, default=40, help="centers in the sandbox")
    parser.add_argument("--concurrency", type=int, default=16, help="webhooks in flight")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PROCARE_AI_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres",
        help="a Postgres server; a scratch database is created and dropped there",
    )
    add_arguments(parser, short_help="40 events a round, 20 centers")
    args = parser.parse_args()
    if args.short:
        args.events, args.centers = 40, 20
    print(
        f"scale-out, ingest to interrupt: {args.events} attendance events a round, {args.centers} centers, "
        f"{args.concurrency} in flight, {os.cpu_count()} CPUs"
    )
    rounds = run(args)
    base = rounds[0]
    figures = []
    for r in rounds:
        print(f"  {r.workers} worker(s) / 1 worker: {r.rate / base.rate:.2f}x")
        if r.workers > 1:
            figures.append(
                Figure(
                    "scale_out",
                    f"ingest-to-interrupt events/s, {r.workers} workers",
                    r.rate,
                    "events/s",
                    "the same with 1 worker",
                    base.rate,
                    "every event stored once, every write-back once",
                    not any(x.problems for x in rounds),
                )
            )
    write(args.results, figures)
    if any(r.problems for r in rounds):
        raise SystemExit("a correctness check failed (see PROBLEMS above)")


if __name__ == "__main__":
    main()
