"""Issue 4's end-to-end check with real processes: the Procare sandbox, the API server and two workers, each
a `python -m procare_ai.cli ...` process on loopback, on a fresh migrated database.

The sandbox signs and sends the webhooks (with the service token); the workers run the graph from the
Postgres queue; a director approves over HTTP and the write-backs land in the sandbox exactly once.
Duplicate, tampered and stale deliveries, a second decision and a worker SIGKILLed mid-run are covered
at the process level; the full RBAC table lives in tests/integration/api (only a smoke check here).
"""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from psycopg.rows import dict_row

from api.webhook_signature import signed_headers
from graph.deps import utc_now
from sandbox.config import DEV_API_KEY
from tests.acceptance.harness import PATIENCE, Proc, free_port, wait_for, with_db
from tests.clock import month_end_after

pytestmark = pytest.mark.acceptance

ROOT = Path(__file__).resolve().parents[2]
SECRET = "whsec_" + base64.b64encode(b"acceptance-e2e-webhook-secret-0123").decode()
CENTER = "S0001"  # the approval scenario
OTHER = "S0002"  # a director of this center must not see CENTER's threads
STARTUP_SECONDS = 30.0


# -- processes -------------------------------------------------------------------------------------------


def service_env(db: str, procare_url: str) -> dict[str, str]:
    """The environment of every service process: this database, the sandbox, the offline drafter."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROCARE_AI_", "OPENAI_"))}
    return env | {
        "PROCARE_AI_DATABASE_URL": db,
        "PROCARE_AI_PROCARE_URL": procare_url,
        "PROCARE_AI_PROCARE_API_KEY": DEV_API_KEY,
        "PROCARE_AI_WEBHOOK_SECRET": SECRET,
        "PROCARE_AI_HTTP_MAX_RETRIES": "2",
        "PYTHONUNBUFFERED": "1",
    }


@dataclass
class Stack:
    """The running service: sandbox, API, workers, tokens, and a way to look into Postgres."""

    db: str
    logs: Path
    env: dict[str, str]
    api_url: str = ""
    sandbox_url: str = ""
    tokens: dict[str, str] = field(default_factory=dict)
    procs: list[Proc] = field(default_factory=list)
    workers: dict[str, tuple[Proc, list[int]]] = field(default_factory=dict)

    def spawn(self, name: str, *args: str, env: dict[str, str] | None = None) -> Proc:
        log = self.logs / f"{name}.log"
        with log.open("wb") as out:
            popen = subprocess.Popen(
                [sys.executable, "-m", "procare_ai.cli", *args],
                env=env or self.env,
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        proc = Proc(name, popen, log)
        self.procs.append(proc)
        return proc

    def cli(self, *commands: list[str]) -> list[str]:
        """Run short CLI commands side by side to their end; their outputs (non-zero exit fails the test)."""
        running = [
            subprocess.Popen(
                [sys.executable, "-m", "procare_ai.cli", *args],
                env=self.env | {"COLUMNS": "200"},
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for args in commands
        ]
        outputs = []
        for args, proc in zip(commands, running, strict=True):
            out, err = proc.communicate(timeout=60 * PATIENCE)
            assert proc.returncode == 0, f"procare-ai {' '.join(args)}: {err}"
            outputs.append(out.strip())
        return outputs

    def wait_healthy(self, proc: Proc, url: str) -> None:
        def probe() -> bool:
            assert proc.alive(), f"{proc.name} exited:\n{proc.output()}"
            try:
                return httpx.get(url, timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(f"{proc.name} at {url}", probe, STARTUP_SECONDS)

    def start_worker(self, name: str) -> list[int]:
        """Start a worker process; returns its procrastinate worker ids (known once they registered): one
        per lane, the batch slots and the slots kept for live events (procare_ai/lanes.py)."""
        before = {r["id"] for r in self.rows("SELECT id FROM procrastinate_workers")}
        proc = self.spawn(name, "worker", "--concurrency", "2")

        def registered() -> list[int] | None:
            assert proc.alive(), f"{name} exited:\n{proc.output()}"
            new = {r["id"] for r in self.rows("SELECT id FROM procrastinate_workers")} - before
            return sorted(new) if len(new) == 2 else None

        worker_ids = wait_for(f"{name} to register", registered, STARTUP_SECONDS)
        self.workers[name] = (proc, worker_ids)
        return worker_ids

    def rows(self, sql: str, *params: Any) -> list[dict[str, Any]]:
        with psycopg.connect(self.db, autocommit=True, row_factory=dict_row) as conn:
            return conn.execute(sql, params).fetchall()  # type: ignore[arg-type]

    def api(self, who: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return httpx.Client(base_url=self.api_url, headers=headers, timeout=30)

    def sandbox(self) -> httpx.Client:
        return httpx.Client(base_url=self.sandbox_url, headers={"X-API-Key": DEV_API_KEY}, timeout=30)

    def emit(self, type_: str, center: str, data: dict[str, Any]) -> dict[str, Any]:
        """Have the sandbox sign and send one webhook; returns its answer (event and signed headers)."""
        with self.sandbox() as sb:
            answer = sb.post(
                "/_sandbox/webhooks/emit", json={"type": type_, "center_id": center, "data": data}
            )
        assert answer.status_code == 202, answer.text
        out: dict[str, Any] = answer.json()
        assert out["delivery"] == "queued"
        return out

    def deliveries(self) -> dict[str, dict[str, Any]]:
        with self.sandbox() as sb:
            return {d["event_id"]: d for d in sb.get("/_sandbox/webhooks/deliveries").json()["data"]}

    def delivered(self, event_id: str) -> dict[str, Any]:
        """The sandbox's record of its delivery of `event_id`, once it succeeded."""

        def probe() -> dict[str, Any] | None:
            d = self.deliveries().get(event_id)
            assert d is None or d["delivered"] or d["attempts"] < 3, f"delivery failing: {d}"
            return d if d and d["delivered"] else None

        return wait_for(f"delivery of {event_id}", probe, 15)

    def effects(self, center: str) -> list[dict[str, Any]]:
        with self.sandbox() as sb:
            rows: list[dict[str, Any]] = sb.get("/_sandbox/effects").json()["data"]
        return [e for e in rows if e["school_id"] == center]

    def post_webhook(self, body: bytes, headers: dict[str, str]) -> httpx.Response:
        all_headers = {
            "content-type": "application/json",
            "Authorization": f"Bearer {self.tokens['service']}",
            **headers,
        }
        return httpx.post(f"{self.api_url}/webhooks/procare", content=body, headers=all_headers, timeout=30)


@pytest.fixture(scope="module")
def e2e_db(pg_server_url: str, pg_template: str) -> Iterator[str]:
    """A fresh database cloned from the migrated template (like `fresh_db`, shared by this module)."""
    name = f"pcai_e2e_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    try:
        yield with_db(pg_server_url, name)
    finally:
        with psycopg.connect(pg_server_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="module")
def stack(e2e_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    sandbox_port, api_port = free_port(), free_port()
    s = Stack(
        db=e2e_db,
        logs=tmp_path_factory.mktemp("e2e-logs"),
        env=service_env(e2e_db, f"http://127.0.0.1:{sandbox_port}"),
    )
    s.sandbox_url, s.api_url = f"http://127.0.0.1:{sandbox_port}", f"http://127.0.0.1:{api_port}"
    try:
        roles = {
            "service": ("service", ""),
            "director": ("director", CENTER),
            "director_other": ("director", OTHER),
            "auditor": ("auditor", CENTER),
        }
        *tokens, _ = s.cli(
            *(
                ["tokens", "create", f"--role={role}", f"--label=e2e-{who}"]
                + ([f"--center={c}"] if c else [])
                for who, (role, c) in roles.items()
            ),
            ["rollout", "set", "--center", "*", "--workflow", "credentials", "--phase", "assistive"],
        )
        s.tokens = dict(zip(roles, tokens, strict=True))
        sandbox = s.spawn(
            "sandbox",
            "sandbox",
            f"--port={sandbox_port}",
            "--seed=11",
            "--centers=3",
            "--staff-per-center=8",
            f"--webhook-url={s.api_url}/webhooks/procare",
            env=s.env | {"PROCARE_AI_SANDBOX_WEBHOOK_TOKEN": s.tokens["service"]},
        )
        api = s.spawn("api", "serve", f"--port={api_port}")
        s.wait_healthy(sandbox, f"{s.sandbox_url}/_sandbox/health")
        s.wait_healthy(api, f"{s.api_url}/healthz")
        s.start_worker("worker-a")
        s.start_worker("worker-b")
        yield s
    finally:
        for proc in reversed(s.procs):
            proc.stop()


# -- the scenario ----------------------------------------------------------------------------------------


def inject_expiring_staff(stack: Stack, center: str, employee_id: str) -> None:
    """A lead teacher whose AHA CPR card expires at the end of next month and whose background check is
    over 5 years old.

    The processes this test starts judge by the machine's clock (they are the product, run for real), so
    the dates are taken from the same clock, chosen to hold on any day: the card's end is 28 to 62 days
    ahead (inside the 90-day window, never past), the check 5 years and 10 days back. What a date changes
    is covered under frozen instants by the `date_sensitive` tests (.ci/run)."""
    today = utc_now().date()
    month_end = month_end_after(today)
    cpr_issued = date(month_end.year - 2, month_end.month, 1)  # AHA: valid two years, to the month's end
    with stack.sandbox() as sb:
        answer = sb.post(
            "/_sandbox/inject/employees",
            json={
                "school_id": center,
                "records": [
                    {
                        "employee_id": employee_id,
                        "person_id": f"P-{employee_id}",
                        "first_name": "Ana",
                        "last_name": "Reyes",
                        "email": "ana@example.org",
                        "position": "Lead Teacher",
                        "hire_date": "2019-08-01",
                    }
                ],
            },
        )
        assert answer.status_code == 201, answer.text
        answer = sb.post(
            "/_sandbox/inject/credentials",
            json={
                "school_id": center,
                "records": [
                    {
                        "credential_id": f"{employee_id}-CPR",
                        "employee_id": employee_id,
                        "kind": "pediatric_cpr_aha",
                        "issuer": "AHA",
                        "issued_on": cpr_issued.isoformat(),
                    },
                    {
                        "credential_id": f"{employee_id}-BG",
                        "employee_id": employee_id,
                        "kind": "background_check",
                        "issuer": "State",
                        "issued_on": (today - timedelta(days=5 * 365 + 10)).isoformat(),
                    },
                ],
            },
        )
        assert answer.status_code == 201, answer.text


def test_signed_webhook_runs_on_a_worker_and_an_approval_writes_back_exactly_once(stack: Stack) -> None:
    inject_expiring_staff(stack, CENTER, "S0001-E901")
    sent = stack.emit("staff.updated", CENTER, {"employee_id": "S0001-E901", "fields": ["phone"]})
    event_id = sent["event"]["id"]
    thread_id = f"{CENTER}:{event_id}"
    assert stack.delivered(event_id)["statuses"] == [202]

    with stack.api("director") as director:

        def listed() -> dict[str, Any] | None:
            answer = director.get("/approvals")
            assert answer.status_code == 200, answer.text
            return next((a for a in answer.json()["items"] if a["thread_id"] == thread_id), None)

        summary = wait_for("the thread to wait for approval", listed, 30)
        assert summary["event_id"] == event_id and summary["workflow"] == "credentials"
        assert summary["staff_ids"] == ["S0001-E901"]
        detail = director.get(f"/approvals/{thread_id}")
        assert detail.status_code == 200, detail.text
        actions = detail.json()["request"]["action_requests"]
        assert {a["name"] for a in actions} >= {"send_message", "create_task"}
        wait_for(
            "the job to be marked done",
            lambda: stack.rows(
                "SELECT 1 FROM webhook_events WHERE event_id = %s AND job_status = 'done'", event_id
            ),
            10,
        )

        # RBAC smoke at the process level: another center's director sees nothing, an auditor cannot decide.
        with stack.api("director_other") as other, stack.api("auditor") as auditor:
            assert other.get(f"/approvals/{thread_id}").status_code == 404
            assert thread_id not in {a["thread_id"] for a in other.get("/approvals").json()["items"]}
            refused = auditor.post(
                f"/approvals/{thread_id}/decisions", json={"decisions": [{"type": "approve"}] * len(actions)}
            )
            assert refused.status_code == 403, refused.text
        with stack.api() as anonymous:
            assert anonymous.get("/approvals").status_code == 401

        before = stack.effects(CENTER)
        decided = director.post(
            f"/approvals/{thread_id}/decisions", json={"decisions": [{"type": "approve"}] * len(actions)}
        )
        assert decided.status_code == 200, decided.text
        outcome = decided.json()
        assert outcome["status"] == "done"
        assert len(outcome["results"]) == len(actions) and all(r["ok"] for r in outcome["results"])
        after = stack.effects(CENTER)[len(before) :]
        written = [e for e in after if e["kind"] != "staff_notes"]
        assert len(written) == len(actions)
        notes = [e for e in after if e["kind"] == "staff_notes"]  # one per data write and course assigned
        assert len(notes) == sum(e["kind"] in ("credentials", "training_assignments") for e in written)
        assert all("via AI audit" in n["body"]["text"] for n in notes)
        keys = {(e["kind"], e["resource_id"], json.dumps(e["body"], sort_keys=True)) for e in written}
        assert len(keys) == len(actions)  # each approved action written once
        assert {e["resource_id"] for e in written if e["kind"] == "credentials"} <= {
            "S0001-E901-CPR",
            "S0001-E901-BG",
        }

        again = director.post(
            f"/approvals/{thread_id}/decisions", json={"decisions": [{"type": "approve"}] * len(actions)}
        )
        assert again.status_code == 409, again.text
        assert again.json()["error"] == "conflict", again.text
        assert thread_id not in {a["thread_id"] for a in director.get("/approvals").json()["items"]}
    assert len(stack.effects(CENTER)) == len(before) + len(after)  # nothing more written


def test_duplicate_tampered_and_stale_deliveries(stack: Stack) -> None:
    sent = stack.emit("staff.updated", OTHER, {"employee_id": "S0002-E001", "fields": ["email"]})
    event, headers = sent["event"], sent["headers"]
    thread_id = f"{OTHER}:{event['id']}"
    stack.delivered(event["id"])
    body = json.dumps(event, separators=(",", ":")).encode()  # the exact bytes the sandbox signed

    replay = stack.post_webhook(body, headers)  # the same delivery again: same webhook id, body, signature
    assert replay.status_code == 200, replay.text
    assert replay.json() == {"event_id": event["id"], "thread_id": thread_id, "duplicate": True}
    resent = stack.post_webhook(body, signed_headers(SECRET, event["id"], int(time.time()), body))
    assert resent.status_code == 200 and resent.json()["thread_id"] == thread_id

    tampered = body.replace(b'"email"', b'"ssn"')
    assert tampered != body
    assert stack.post_webhook(tampered, headers).status_code == 401
    fresh = {**event, "id": f"evt_{uuid.uuid4().hex}"}
    fresh_body = json.dumps(fresh).encode()
    stale = signed_headers(SECRET, fresh["id"], int(time.time()) - 3600, fresh_body)
    answer = stack.post_webhook(fresh_body, stale)
    assert answer.status_code == 401 and "too old" in answer.json()["message"]
    future = signed_headers(SECRET, fresh["id"], int(time.time()) + 3600, fresh_body)
    assert stack.post_webhook(fresh_body, future).status_code == 401
    assert stack.rows("SELECT 1 FROM webhook_events WHERE event_id = %s", fresh["id"]) == []

    def ran() -> list[dict[str, Any]]:
        return stack.rows(
            "SELECT job_status, body FROM webhook_events WHERE event_id = %s AND job_status = 'done'",
            event["id"],
        )

    [row] = wait_for("the one run of the duplicated event", ran, 30)
    assert row["body"]["data"]["fields"] == ["email"]  # the tampered body never replaced the stored one

    def settled_jobs() -> list[str] | None:
        jobs = stack.rows(
            "SELECT status FROM procrastinate_jobs WHERE task_name = 'procare:run_event' "
            "AND args->>'event_id' = %s",
            event["id"],
        )
        statuses = [j["status"] for j in jobs]
        return None if {"todo", "doing"} & set(statuses) else statuses

    assert wait_for("its job to finish", settled_jobs, 10) == ["succeeded"]  # 3 deliveries, 1 job, 1 run
    assert len(stack.rows("SELECT 1 FROM audit_threads WHERE thread_id = %s", thread_id)) == 1


def test_a_worker_killed_mid_run_loses_no_event(stack: Stack) -> None:
    """SIGKILL leaves the worker's jobs `doing`; once its heartbeat is 30 s old, the periodic
    `retry_stalled_jobs` (procare_ai/jobs.py, every 10 s) puts them back and the other worker runs them."""
    victim, victim_ids = stack.workers["worker-a"]
    with stack.sandbox() as sb:
        answer = sb.post("/_sandbox/webhooks/day", json={"center_ids": ["S0002", "S0003"]})
    assert answer.status_code == 202, answer.text
    event_ids = [d["event"]["id"] for d in answer.json()["data"]]
    assert len(event_ids) >= 10

    with psycopg.connect(stack.db, autocommit=True) as conn:  # one connection: kill within a millisecond

        def victim_busy() -> bool:
            assert victim.alive(), victim.output()
            busy = conn.execute(
                "SELECT 1 FROM procrastinate_jobs WHERE status = 'doing' AND worker_id = ANY(%s) "
                "AND task_name = 'procare:run_event'",
                (victim_ids,),
            ).fetchone()
            return busy is not None

        wait_for("worker-a to be running a graph job", victim_busy, 30, every=0.002)
        victim.popen.send_signal(signal.SIGKILL)
    victim.popen.wait(5)
    stalled = [
        r["id"]
        for r in stack.rows(
            "SELECT id FROM procrastinate_jobs WHERE status = 'doing' AND worker_id = ANY(%s)", victim_ids
        )
    ]
    assert stalled, "the killed worker held no job: nothing was interrupted"

    def all_done() -> bool:
        statuses = stack.rows("SELECT job_status FROM webhook_events WHERE event_id = ANY(%s)", event_ids)
        return len(statuses) == len(event_ids) and all(r["job_status"] == "done" for r in statuses)

    wait_for("every event to be run after the kill", all_done, 70, every=0.5)
    jobs = stack.rows("SELECT id, status FROM procrastinate_jobs WHERE id = ANY(%s)", stalled)
    assert {j["status"] for j in jobs} == {"succeeded"}  # retried by the surviving worker
    threads = stack.rows(
        "SELECT e.event_id FROM webhook_events e JOIN audit_threads t USING (thread_id) "
        "WHERE e.event_id = ANY(%s)",
        event_ids,
    )
    assert sorted(r["event_id"] for r in threads) == sorted(event_ids)  # every event has its thread
    assert all(d["delivered"] for i, d in stack.deliveries().items() if i in event_ids)
