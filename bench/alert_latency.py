"""Alert latency: a signed `attendance.changed` webhook in, the ratio alert delivered out (p50, p99), with no
other load and while a 200-center daily scan runs, in one run.

Real processes on loopback, one fresh database (created here, dropped at the end):
  - the Procare sandbox (`procare-ai sandbox`, `--centers` centers), with one bench room per sample
    injected into the first `--alert-centers` centers (which the scan covers too): a toddler room with
    one teacher and as many children as one teacher may hold in the center's state;
  - the API (`procare-ai serve`) and one worker (`procare-ai worker`: `--concurrency` batch slots and
    `--live-concurrency` slots kept for live events), the offline drafter, the demo's rollout phases;
  - a Slack-shaped alert receiver in this process (PROCARE_AI_SLACK_WEBHOOK_URL points at it).
One sample: a child checks into a bench room (one more than one teacher may hold), signed and posted to
`POST /webhooks/procare`; the latency ends when the alert naming that room reaches the receiver. Samples
go one at a time, each on its own room (no alert is a repeat of another).
  1. baseline: `--samples` samples with nothing else queued;
  2. under the scan: the daily scans (credentials and reviews) of `--centers` centers are queued
     (`procare-ai scan --enqueue`, as the schedule does), and once the worker is on them, `--samples`
     samples are sent while scan jobs remain (the scan's progress is printed with the figures);
  3. under a morning peak: every center's drop-off at once. Every child check-in of the day in every
     center (the sandbox's own attendance, so each event lands on a child Procare lists) is sent as a
     signed `attendance.changed` webhook, in check-in order. In the field a center's drop-off spreads
     over about 30 minutes; here all centers' drop-offs are sent in the same `--peak-seconds` (default
     60: the 30 minutes compressed 30x, so the offered rate is 30 times a real morning's), and the
     bench samples go out evenly spaced among them, each on its own room; each latency ends when that
     alert arrives, however long after the burst. The queue's scan jobs not yet started are cancelled
     first, so this condition is the peak alone. Printed with the figures: events sent, the offered
     and achieved send rates, and the live lane's backlog at each sample.

    .venv/bin/python bench/alert_latency.py [--centers 200] [--samples 40] [--peak-seconds 60]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from api.webhook_signature import signed_headers  # noqa: E402
from bench.figures import Figure, add_arguments, write  # noqa: E402
from policies.ratios import check_room  # noqa: E402
from procare_ai.jobs import LIVE_QUEUE  # noqa: E402

SECRET = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
API_KEY = "sandbox-dev-key"
AGE = 20  # toddlers
TEACHER_SHIFT = (420, 930)
EVENT_MINUTE = 600  # 10:00, inside the teacher's shift and the children's day
ALERT_TIMEOUT = 60.0
PEAK_ALERT_TIMEOUT = 900.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


@dataclass
class Receiver:
    """The alert channel: each POSTed `{"text": ...}` with the monotonic time it arrived."""

    url: str
    alerts: list[tuple[float, str]] = field(default_factory=list)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    def wait_for(self, needle: str, since: int, timeout: float) -> float | None:
        """The arrival time of the first alert after index `since` containing `needle`."""
        deadline = time.monotonic() + timeout
        with self.arrived:
            while True:
                for at, text in self.alerts[since:]:
                    if needle in text:
                        return at
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.arrived.wait(left)


@contextmanager
def alert_receiver() -> Iterator[Receiver]:
    receiver: Receiver | None = None

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

        def do_POST(self) -> None:
            at = time.monotonic()
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            assert receiver is not None
            with receiver.arrived:
                receiver.alerts.append((at, str(json.loads(body or b"{}").get("text", ""))))
                receiver.arrived.notify_all()
            self.send_response(200)
            self.send_header("content-length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver = Receiver(url=f"http://127.0.0.1:{httpd.server_address[1]}/slack")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class Processes:
    logs: Path
    env: dict[str, str]
    procs: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        with (self.logs / f"{name}.log").open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "procare_ai.cli", *args],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=self.logs,
            )
        self.procs.append((name, proc))
        return proc

    def cli(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "procare_ai.cli", *args],
            env=self.env | {"COLUMNS": "200"},
            capture_output=True,
            text=True,
            cwd=self.logs,
            timeout=600,
        )
        if done.returncode != 0:
            raise SystemExit(f"procare-ai {' '.join(args[:3])}: {done.stderr.strip()[-2000:]}")
        return done.stdout

    def wait_http(self, name: str, url: str, timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        proc = dict(self.procs)[name]
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise SystemExit(f"{name} exited:\n{(self.logs / f'{name}.log').read_text()[-3000:]}")
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise SystemExit(f"{name} did not answer {url} within {timeout:.0f}s")

    def stop(self) -> None:
        for _, proc in reversed(self.procs):
            if proc.poll() is None:
                proc.terminate()
        for _, proc in reversed(self.procs):
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def one_teacher_holds(state: str) -> int:
    """The most toddlers one teacher may hold in `state` (policies.ratios), so one more is a violation."""
    fits = [n for n in range(1, 40) if check_room(state, [AGE] * n, 1).compliant]
    if not fits or check_room(state, [AGE] * (max(fits) + 1), 1).compliant:
        raise SystemExit(f"no toddler ratio found for {state}")
    return max(fits)


def inject_rooms(sandbox: str, centers: list[str], rooms: int, today: date) -> list[tuple[str, str, str]]:
    """One bench room per sample, spread over `centers`: (center, classroom id, room name)."""
    made: list[tuple[str, str, str]] = []
    with httpx.Client(base_url=sandbox, headers={"X-API-Key": API_KEY}, timeout=60) as http:
        per_center: dict[str, list[int]] = {}
        for i in range(rooms):
            per_center.setdefault(centers[i % len(centers)], []).append(i)
        for center, numbers in per_center.items():
            state = http.get(f"/v1/schools/{center}").raise_for_status().json()["state"]
            children = one_teacher_holds(state)
            stamp = datetime.now(UTC).isoformat()
            classrooms, employees, shifts, attendance = [], [], [], []
            for i in numbers:
                room, name, teacher = f"{center}-XB{i:03d}", f"Bench Room {i:03d}", f"{center}-EB{i:03d}"
                classrooms.append(
                    {"classroom_id": room, "name": name, "age_group": "toddler", "ratio": children}
                    | {"max_children": 40}
                )
                employees.append(
                    {"employee_id": teacher, "person_id": f"P-{teacher}", "first_name": "Bench"}
                    | {"last_name": f"T{i:03d}", "email": f"{teacher.lower()}@example.org"}
                    | {"position": "Lead Teacher", "hire_date": "2021-03-01", "updated_at": stamp}
                )
                shifts.append(
                    {"shift_id": f"{teacher}-SH", "employee_id": teacher, "classroom_id": room}
                    | {"date": today.isoformat(), "start_minutes": TEACHER_SHIFT[0]}
                    | {"end_minutes": TEACHER_SHIFT[1], "breaks": []}
                )
                attendance += [
                    {"child_id": f"{room}-K{k:02d}", "classroom_id": room, "date": today.isoformat()}
                    | {"age_months": AGE, "check_in_minutes": 450, "expected_in_minutes": 450}
                    | {"expected_out_minutes": 900}
                    for k in range(children)
                ]
                made.append((center, room, name))
            for kind, records in (
                ("classrooms", classrooms),
                ("employees", employees),
                ("shifts", shifts),
                ("attendance", attendance),
            ):
                answer = http.post(f"/_sandbox/inject/{kind}", json={"school_id": center, "records": records})
                answer.raise_for_status()
    return made


def send_check_in(api: httpx.Client, center: str, room: str, today: date, n: int) -> str:
    """One signed webhook (and the service token, as the demo's sender does): a child checks in."""
    body = {
        "id": f"evt_bench_{uuid.uuid4().hex}",
        "type": "attendance.changed",
        "center_id": center,
        "data": {"classroom_id": room, "child_id": f"{room}-NEW{n}", "action": "check_in"}
        | {"minute": EVENT_MINUTE, "date": today.isoformat(), "age_months": AGE},
    }
    raw, headers = signed(body)
    answer = api.post("/webhooks/procare", content=raw, headers=headers)
    if answer.status_code != 202:
        raise SystemExit(f"webhook answered {answer.status_code}: {answer.text[:300]}")
    return str(body["id"])


def scan_jobs(db: str) -> int:
    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE args->>'event_id' LIKE 'scan-%%'"
        ).fetchone()
    return int(row[0]) if row else 0


def scan_jobs_left(db: str) -> int:
    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE args->>'event_id' LIKE 'scan-%%'"
            " AND status IN ('todo', 'doing')"
        ).fetchone()
    return int(row[0]) if row else 0


PEAK_FIELD_MINUTES = 30
"""How long one center's drop-off lasts in the field: the window the bench compresses."""


def drop_off(sandbox: str, centers: list[str], today: date) -> list[dict[str, Any]]:
    """Every child check-in of `today` in every center, as webhook bodies in check-in order (the sandbox's
    own attendance rows, read through its API as the agent reads them)."""
    timed: list[tuple[int, str, dict[str, Any]]] = []
    with httpx.Client(base_url=sandbox, headers={"X-API-Key": API_KEY}, timeout=60) as http:
        for center in centers:
            rooms = _pages(http, "/v1/classrooms", {"school_id": center})
            for room in rooms:
                rows = _pages(
                    http, f"/v1/classrooms/{room['classroom_id']}/attendance", {"date": today.isoformat()}
                )
                for row in rows:
                    minute = row.get("check_in_minutes")
                    if minute is None:
                        continue
                    data = {"classroom_id": room["classroom_id"], "child_id": row["child_id"]}
                    data |= {"action": "check_in", "minute": minute, "date": today.isoformat()}
                    data |= {"age_months": row["age_months"]}
                    timed.append((minute, center, data))
    timed.sort(key=lambda item: (item[0], item[1]))
    return [
        {
            "id": f"evt_peak_{uuid.uuid4().hex}",
            "type": "attendance.changed",
            "center_id": center,
            "data": data,
        }
        for _minute, center, data in timed
    ]


def _pages(http: httpx.Client, path: str, params: dict[str, str]) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    while True:
        query = params | {"limit": "500"} | ({"cursor": cursor} if cursor else {})
        page = http.get(path, params=query).raise_for_status().json()
        items += page["data"]
        cursor = page.get("next_cursor")
        if not cursor:
            return items


def signed(body: dict[str, Any]) -> tuple[bytes, dict[str, str]]:
    """The body (stamped now) and its Standard Webhooks headers."""
    raw = json.dumps(body | {"occurred_at": datetime.now(UTC).isoformat()}, separators=(",", ":")).encode()
    headers = {"content-type": "application/json"} | signed_headers(
        SECRET, f"msg_{body['id']}", int(time.time()), raw
    )
    return raw, headers


@dataclass
class Burst:
    """Sends `bodies` paced evenly over `seconds` from `threads` senders; counts what was accepted."""

    api_url: str
    bearer: dict[str, str]
    bodies: list[dict[str, Any]]
    seconds: float
    threads: int = 4
    sent: int = 0
    refused: int = 0
    started: float = 0.0
    finished: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    workers: list[threading.Thread] = field(default_factory=list)

    def start(self) -> None:
        self.started = time.monotonic()
        self.workers = [threading.Thread(target=self._send, args=(k,)) for k in range(self.threads)]
        for worker in self.workers:
            worker.start()

    def _send(self, k: int) -> None:
        step = self.seconds / max(1, len(self.bodies))
        with httpx.Client(base_url=self.api_url, timeout=60, headers=self.bearer) as api:
            for i in range(k, len(self.bodies), self.threads):
                wait = self.started + i * step - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                raw, headers = signed(self.bodies[i])
                ok = api.post("/webhooks/procare", content=raw, headers=headers).status_code == 202
                with self.lock:
                    self.sent += ok
                    self.refused += not ok

    @property
    def running(self) -> bool:
        return any(worker.is_alive() for worker in self.workers)

    def join(self) -> None:
        for worker in self.workers:
            worker.join()
        self.finished = time.monotonic()


def live_backlog(db: str) -> int:
    """Live-lane jobs queued or running (the drop-off's events and the samples)."""
    with psycopg.connect(db) as conn:
        row = conn.execute(
            "SELECT count(*) FROM procrastinate_jobs WHERE queue_name = %s AND status IN ('todo', 'doing')",
            (LIVE_QUEUE,),
        ).fetchone()
    return int(row[0]) if row else 0


def cancel_scan(db: str) -> int:
    """Cancel the scan jobs no worker has started (the peak is measured on its own); how many."""
    with psycopg.connect(db, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT procrastinate_cancel_job_v1(id, false, false) FROM procrastinate_jobs"
            " WHERE status = 'todo' AND args->>'event_id' LIKE 'scan-%%'"
        ).fetchall()
    return len(rows)


def measure_peak(
    api: httpx.Client,
    receiver: Receiver,
    rooms: list[tuple[str, str, str]],
    today: date,
    burst: Burst,
    db: str,
) -> Samples:
    """Send the burst and, evenly spaced among its events, one check-in per bench room; then wait for
    every sample's alert (it may come well after the burst: the live lane works through its backlog)."""
    out = Samples()
    sent: list[tuple[int, float, str]] = []
    burst.start()
    gap = burst.seconds / (len(rooms) + 1)
    for n, (center, room, name) in enumerate(rooms):
        wait = burst.started + (n + 1) * gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        out.scan_left.append(live_backlog(db))
        since = len(receiver.alerts)
        at = time.monotonic()
        out.event_ids.append(send_check_in(api, center, room, today, 1000 + n))
        out.ingest.append(time.monotonic() - at)
        sent.append((since, at, name))
    burst.join()
    deadline = time.monotonic() + PEAK_ALERT_TIMEOUT
    for since, at, name in sent:
        arrived = receiver.wait_for(f"{name} is out of ratio", since, max(0.0, deadline - time.monotonic()))
        if arrived is None:  # counted at the timeout: the percentiles become lower bounds, and say so
            out.missed += 1
            arrived = time.monotonic()
        out.latencies.append(arrived - at)
    if out.missed:
        print(
            f"  {out.missed} of {len(sent)} alerts had not arrived {PEAK_ALERT_TIMEOUT:.0f} s after the burst"
        )
    while live_backlog(db) and time.monotonic() < deadline:  # the live lane's own rate: until it is empty
        time.sleep(0.1)
    out.drained = time.monotonic() - burst.started
    return out


def follow_ups(db: str) -> dict[str, int]:
    """The ratio agent's follow-up runs (coverage searches moved to the batch lane) by status."""
    with psycopg.connect(db) as conn:
        rows = conn.execute(
            "SELECT job_status, count(*) FROM webhook_events WHERE event_type = 'ratios.coverage_due'"
            " GROUP BY job_status"
        ).fetchall()
    return {str(status): int(n) for status, n in rows}


@dataclass
class Samples:
    """One condition's samples: end-to-end latency, the webhook's answer time, event ids, scan jobs left."""

    latencies: list[float] = field(default_factory=list)
    ingest: list[float] = field(default_factory=list)
    event_ids: list[str] = field(default_factory=list)
    scan_left: list[int] = field(default_factory=list)
    """Work left at each sample: scan jobs queued or running (under the scan), the live lane's backlog
    (during the peak)."""
    missed: int = 0
    """Alerts that had not arrived by the timeout (counted at it)."""
    drained: float = 0.0
    """Seconds from the burst's start until the live lane had nothing queued or running (the peak)."""


def measure(
    api: httpx.Client, receiver: Receiver, rooms: list[tuple[str, str, str]], today: date, db: str | None
) -> Samples:
    """Send one check-in per room, one at a time, waiting for its alert; under the scan, only while scan
    jobs remain."""
    out = Samples()
    for n, (center, room, name) in enumerate(rooms):
        if db is not None:
            remaining = scan_jobs_left(db)
            if remaining == 0:
                print(f"  the scan finished after {n} samples under it")
                break
            out.scan_left.append(remaining)
        since = len(receiver.alerts)
        sent = time.monotonic()
        out.event_ids.append(send_check_in(api, center, room, today, n))
        out.ingest.append(time.monotonic() - sent)
        arrived = receiver.wait_for(f"{name} is out of ratio", since, ALERT_TIMEOUT)
        if arrived is None:
            raise SystemExit(f"no alert for {name} within {ALERT_TIMEOUT:.0f}s (see the worker log)")
        out.latencies.append(arrived - sent)
        time.sleep(0.05)
    return out


JOB_TIMES = """
WITH t AS (
    SELECT j.args->>'event_id' AS event_id,
           min(e.at) FILTER (WHERE e.type = 'deferred') AS deferred,
           min(e.at) FILTER (WHERE e.type = 'started') AS started,
           min(e.at) FILTER (WHERE e.type IN ('succeeded', 'failed')) AS ended
    FROM procrastinate_jobs j JOIN procrastinate_events e ON e.job_id = j.id
    WHERE j.args->>'event_id' = ANY(%s) GROUP BY 1
)
SELECT t.event_id, extract(epoch FROM started - deferred), extract(epoch FROM ended - started),
       EXISTS (SELECT 1 FROM procrastinate_jobs s
               WHERE s.worker_id = j.worker_id AND s.args->>'event_id' LIKE 'scan-%%')
FROM t JOIN procrastinate_jobs j ON j.args->>'event_id' = t.event_id
"""


def breakdown(db: str, samples: Samples) -> str:
    """Where the time went, from the queue's own event log: the webhook's answer, the wait for a worker
    slot, the run (the graph, its Procare reads, its checkpoint and the alert)."""
    with psycopg.connect(db) as conn:
        rows = conn.execute(JOB_TIMES, (samples.event_ids,)).fetchall()
    waited = [float(r[1]) * 1000 for r in rows if r[1] is not None]
    ran = [float(r[2]) * 1000 for r in rows if r[2] is not None]
    ingest = [x * 1000 for x in samples.ingest]
    parts = [("webhook answered", ingest), ("waited for a slot", waited), ("job ran", ran)]
    by_batch = sum(1 for r in rows if r[3])
    return (
        "    "
        + "; ".join(
            f"{label} p50 {percentile(v, 50):.0f} / p99 {percentile(v, 99):.0f} ms" for label, v in parts if v
        )
        + f"\n    run by a worker that also ran scan jobs: {by_batch} of {len(rows)}"
    )


def summary(label: str, latencies: list[float]) -> str:
    ms = [x * 1000 for x in latencies]
    if not ms:
        return f"  {label}: no samples"
    return (
        f"  {label:<32} n={len(ms):3d}  p50 {percentile(ms, 50):7.1f} ms  p99 {percentile(ms, 99):7.1f} ms"
        f"  max {max(ms):7.1f} ms"
    )


def run(args: argparse.Namespace) -> None:
    admin = make_conninfo(args.database_url, dbname="postgres")
    name = f"procare_ai_bench_alerts_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    db = make_conninfo("", **{**conninfo_to_dict(admin), "dbname": name})
    today = date.today()
    sandbox_port, api_port = free_port(), free_port()
    sandbox_url, api_url = f"http://127.0.0.1:{sandbox_port}", f"http://127.0.0.1:{api_port}"
    logs = Path(tempfile.mkdtemp(prefix="procare-ai-bench-alerts-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROCARE_AI_", "OPENAI_"))}
    with alert_receiver() as receiver:
        env |= {
            "PROCARE_AI_DATABASE_URL": db,
            "PROCARE_AI_PROCARE_URL": sandbox_url,
            "PROCARE_AI_PROCARE_API_KEY": API_KEY,
            "PROCARE_AI_WEBHOOK_SECRET": SECRET,
            "PROCARE_AI_SLACK_WEBHOOK_URL": receiver.url,
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
        procs = Processes(logs, env)
        try:
            procs.cli("db", "setup")
            token = procs.cli("tokens", "create", "--role", "service", "--label", "bench-webhooks").strip()
            for workflow, phase in (("credentials", "assistive"), ("reviews", "assistive")):
                procs.cli("rollout", "set", "--center", "*", "--workflow", workflow, "--phase", phase)
            procs.cli("rollout", "set", "--center", "*", "--workflow", "ratios", "--phase", "automation")
            procs.start("sandbox", "sandbox", f"--port={sandbox_port}", f"--centers={args.centers}")
            procs.wait_http("sandbox", f"{sandbox_url}/_sandbox/health")
            centers = [f"S{n:04d}" for n in range(1, args.centers + 1)]
            rooms = inject_rooms(sandbox_url, centers[: args.alert_centers], 3 * args.samples, today)
            peak = drop_off(sandbox_url, centers, today)
            procs.start("api", "serve", f"--port={api_port}")
            procs.wait_http("api", f"{api_url}/healthz")
            live = f"--live-concurrency={args.live_concurrency}"
            if args.workers == "split":  # the live lane in a process of its own
                procs.start("worker", "worker", "--lanes=batch", f"--concurrency={args.concurrency}")
                procs.start("live-worker", "worker", "--lanes=live", live)
            else:
                procs.start("worker", "worker", f"--concurrency={args.concurrency}", live)
            bearer = {"authorization": f"Bearer {token}"}
            with httpx.Client(base_url=api_url, timeout=30, headers=bearer) as api:
                measure(api, receiver, rooms[:2], today, None)  # warm-up: imports, first reads, pools
                print(
                    f"alert latency, webhook -> alert delivered ({args.centers} centers in the sandbox, "
                    f"workers {args.workers}: {args.concurrency} batch + {args.live_concurrency} live slots; "
                    f"{os.cpu_count()} CPUs)"
                )
                idle = measure(api, receiver, rooms[2 : args.samples], today, None)
                print(summary("no other load", idle.latencies))
                print(breakdown(db, idle))
                for kind in ("credentials", "reviews"):
                    procs.cli("scan", *[f"--center={c}" for c in centers], f"--kind={kind}", "--enqueue")
                queued = scan_jobs(db)
                deadline = time.monotonic() + 120
                with psycopg.connect(db) as conn:
                    while time.monotonic() < deadline:
                        row = conn.execute(
                            "SELECT count(*) FROM procrastinate_jobs WHERE status = 'doing'"
                            " AND args->>'event_id' LIKE 'scan-%%'"
                        ).fetchone()
                        if row and row[0]:
                            break
                        time.sleep(0.2)
                started = time.monotonic()
                busy = measure(api, receiver, rooms[args.samples : 2 * args.samples], today, db)
                elapsed = time.monotonic() - started
                print(summary(f"while the {args.centers}-center scan runs", busy.latencies))
                print(breakdown(db, busy))
                done = queued - scan_jobs_left(db)
                left = busy.scan_left
                low, high = (min(left), max(left)) if left else (0, 0)
                print(
                    f"  scan: {queued} jobs queued; {done} finished while sampling ({elapsed:.0f} s), "
                    f"{low}-{high} still queued or running at each sample"
                )
                cancelled = cancel_scan(db)
                burst = Burst(api_url, bearer, peak, args.peak_seconds)
                rate = len(peak) / args.peak_seconds
                print(
                    f"  morning peak: {len(peak)} check-ins (every child of {args.centers} centers), one "
                    f"{PEAK_FIELD_MINUTES}-minute drop-off sent in {args.peak_seconds:.0f} s "
                    f"({PEAK_FIELD_MINUTES * 60 / args.peak_seconds:.0f}x compressed, {rate:.0f} events/s "
                    f"offered); {cancelled} scan jobs not yet started were cancelled first"
                )
                rush = measure_peak(api, receiver, rooms[2 * args.samples :], today, burst, db)
                print(summary(f"during the {args.centers}-center morning peak", rush.latencies))
                print(breakdown(db, rush))
                took = burst.finished - burst.started
                backlog = rush.scan_left
                print(
                    f"  peak: {burst.sent} accepted, {burst.refused} refused, sent in {took:.1f} s "
                    f"({burst.sent / took:.0f} events/s achieved); live lane backlog at each sample "
                    f"{min(backlog, default=0)}-{max(backlog, default=0)} jobs"
                )
                ran = burst.sent + len(rush.latencies)
                print(
                    f"  live lane: {ran} events run {rush.drained:.1f} s after the burst began "
                    f"({ran / rush.drained:.1f} events/s; offered {ran / took:.1f}); ratio follow-ups "
                    f"(batch lane) by status: {follow_ups(db)}"
                )
                figures = []
                if idle.latencies and busy.latencies:
                    ratio = percentile(busy.latencies, 99) / percentile(idle.latencies, 99)
                    print(f"  ratio p99 under the scan / p99 with no load: {ratio:.2f}x")
                    busy99 = percentile(busy.latencies, 99) * 1e3
                    figures.append(
                        Figure(
                            "alert_latency",
                            f"alert p99 while a {args.centers}-center scan runs",
                            busy99,
                            "ms",
                            "alert p99 with no other load",
                            percentile(idle.latencies, 99) * 1e3,
                            "p99 < 1 s under the scan",
                            busy99 < 1000,
                        )
                    )
                if idle.latencies and rush.latencies:
                    rush99 = percentile(rush.latencies, 99) * 1e3
                    ratio = rush99 / (percentile(idle.latencies, 99) * 1e3)
                    print(f"  ratio p99 during the morning peak / p99 with no load: {ratio:.2f}x")
                    bound = f", {rush.missed} alerts late: a lower bound" if rush.missed else ""
                    figures.append(
                        Figure(
                            "alert_latency",
                            f"alert p99 during a {args.centers}-center morning peak "
                            f"({len(peak)} check-ins in {args.peak_seconds:.0f} s{bound})",
                            rush99,
                            "ms",
                            "alert p99 with no other load",
                            percentile(idle.latencies, 99) * 1e3,
                            "p99 < 1 s (the scan's aim)",
                            rush99 < 1000 and not rush.missed,
                        )
                    )
                write(args.results, figures)
        finally:
            procs.stop()
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    print(f"  (process logs in {logs})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--centers", type=int, default=200, help="centers in the sandbox, all scanned")
    parser.add_argument("--samples", type=int, default=40, help="alerts measured per condition")
    parser.add_argument("--alert-centers", type=int, default=10, help="centers holding the bench rooms")
    parser.add_argument(
        "--peak-seconds",
        type=float,
        default=60.0,
        help="seconds in which every center's 30-minute drop-off is sent (60: 30x compressed)",
    )
    parser.add_argument("--concurrency", type=int, default=4, help="the worker's batch slots")
    parser.add_argument("--live-concurrency", type=int, default=2, help="the worker's live slots")
    parser.add_argument(
        "--workers",
        choices=("one", "split"),
        default="split",
        help="one: a `worker` process with both lanes; split: `worker --lanes batch` and "
        "`worker --lanes live`, the live lane in a process of its own",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PROCARE_AI_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres",
        help="a Postgres server; a scratch database is created and dropped there",
    )
    add_arguments(parser, short_help="20 centers, 8 samples per condition")
    args = parser.parse_args()
    if args.short:
        args.centers, args.samples, args.alert_centers = 20, 8, 4
    run(args)


if __name__ == "__main__":
    main()
