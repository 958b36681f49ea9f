"""Issue 3 on the real Postgres and the sandbox over HTTP: an event runs to the interrupt; a *new
process* resumes it with approve, edit and reject; approved write-backs land exactly once, also when the
resuming process is killed between the write and the checkpoint and the decision is retried; audit by
staff id returns every audit element."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from checkpoints.db import open_pool
from checkpoints.locks import lock_thread, unlock_thread
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies.writes import needs_staff_note
from sandbox.app import create_app, runtime_of
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.state import SandboxState
from services.audit import audit_for_staff
from services.errors import Conflict, ThreadBusy
from services.runner import GraphRunner
from services.tokens import create_token
from tests.clock import TEST_NOW, TEST_TODAY, month_end_after
from tools.client import ProcareClient

pytestmark = pytest.mark.integration
# The sandbox's day and the injected cards follow the suite's "now" (tests/clock.py), chosen to hold on any
# day; the audit test below asserts what a date decides and is re-run under frozen instants by .ci/run.

ROOT = Path(__file__).resolve().parents[2]
TODAY = TEST_TODAY
SCHOOL = "S0001"


def _scenario(state: SandboxState) -> None:
    """One lead teacher whose CPR card expires at the end of next month and whose background check is
    over 5 years old."""
    state.hide_generated(SCHOOL, "employees", "credentials", "training_records")
    now = TEST_NOW.isoformat()
    state.add_employees(
        SCHOOL,
        [
            {
                "employee_id": "S0001-E900",
                "person_id": "P900",
                "first_name": "Ana",
                "last_name": "Reyes",
                "email": "ana@example.org",
                "position": "Lead Teacher",
                "hire_date": "2019-08-01",
                "ssn": "123-45-6789",
                "birth_date": "1991-02-03",
                "updated_at": now,
            }
        ],
    )
    cpr_expires = month_end_after(TODAY)  # AHA cards run to the end of the month, two years on
    cpr_issued = date(cpr_expires.year - 2, cpr_expires.month, 1)
    state.add_credentials(
        SCHOOL,
        [
            {
                "credential_id": "CR-CPR",
                "employee_id": "S0001-E900",
                "kind": "pediatric_cpr_aha",
                "issuer": "AHA",
                "issued_on": cpr_issued.isoformat(),
            },
            {
                "credential_id": "CR-FA",
                "employee_id": "S0001-E900",
                "kind": "first_aid_aha",
                "issuer": "AHA",
                "issued_on": (TODAY - timedelta(days=100)).isoformat(),
            },
            {
                "credential_id": "CR-BG",
                "employee_id": "S0001-E900",
                "kind": "background_check",
                "issuer": "State",
                "issued_on": (TODAY - timedelta(days=5 * 365 + 10)).isoformat(),
            },
        ],
    )


def _write_delay(app: Any, seconds: float) -> Any:
    """ASGI wrapper: writes take effect at once but their answer comes `seconds` later (crash window)."""

    async def wrapped(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] not in ("POST", "PATCH") or seconds <= 0:
            await app(scope, receive, send)
            return
        held: list[dict[str, Any]] = []

        async def hold(message: dict[str, Any]) -> None:
            held.append(message)

        await app(scope, receive, hold)
        await asyncio.sleep(seconds)
        for message in held:
            await send(message)

    return wrapped


class Sandbox:
    """The sandbox on a loopback port; `app` reuses another server's app (and so its state)."""

    def __init__(self, delay_writes: float = 0.0, app: Any = None) -> None:
        if app is None:
            app = create_app(SandboxConfig(seed=11, centers=2, staff_per_center=6, today=TODAY))
            _scenario(runtime_of(app).state)
        self.app = app
        self.state = runtime_of(app).state
        self.server = uvicorn.Server(
            uvicorn.Config(
                _write_delay(self.app, delay_writes),
                host="127.0.0.1",
                port=0,
                log_level="warning",
                lifespan="on",
            )
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Sandbox:
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(5)

    def effects(self) -> list[dict[str, Any]]:
        return [e for e in self.state.effects if e["school_id"] == SCHOOL]


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    with Sandbox() as sb:
        yield sb


@pytest.fixture
def slow_write_sandbox() -> Iterator[Sandbox]:
    with Sandbox(delay_writes=30.0) as sb:
        yield sb


_DIRECTOR_TOKENS: dict[str, str] = {}


def _director_token(db: str) -> str:
    """The API token of director `dir-ana` of SCHOOL in database `db` (the CLI decides as its holder)."""
    if db not in _DIRECTOR_TOKENS:

        async def create() -> str:
            pool = await open_pool(db, max_size=1)
            try:
                return await create_token(pool, "director", [SCHOOL], "dir-ana", now=datetime.now(UTC))
            finally:
                await pool.close()

        _DIRECTOR_TOKENS[db] = asyncio.run(create())
    return _DIRECTOR_TOKENS[db]


def _env(db: str, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "PROCARE_AI_DATABASE_URL": db,
        "PROCARE_AI_PROCARE_URL": url,
        "PROCARE_AI_PROCARE_API_KEY": DEV_API_KEY,
        "PROCARE_AI_HTTP_MAX_RETRIES": "0",
        "PROCARE_AI_TOKEN": _director_token(db),
    }


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procare_ai.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _decide(
    thread_id: str, decisions: list[dict[str, Any]], env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """`procare-ai approvals decide` in a new process with director `dir-ana`'s token; it must succeed."""
    done = _cli(
        "approvals",
        "decide",
        thread_id,
        "--decisions",
        json.dumps(decisions),
        env=env,
    )
    assert done.returncode == 0, done.stderr
    return done


async def _runner(db: str, url: str) -> AsyncIterator[GraphRunner]:
    pool = await open_pool(db, max_size=4)
    async with ProcareClient(base_url=url, api_key=DEV_API_KEY, max_retries=0) as client:
        deps = Dependencies(
            procare=client,
            drafter=OfflineDrafter(),
            rollout=StaticRollout({("*", "credentials"): "automation"}),
        )
        ctx = GraphContext()  # the scan's run judges by its own as_of: the scan's instant, TEST_NOW
        yield GraphRunner(build_graph(make_checkpointer(pool)), ctx, deps, pool=pool)
    await pool.close()


async def _start(db: str, url: str) -> tuple[str, list[str]]:
    event = Event(id=f"evt-{time.time_ns()}", type="scan.credentials", occurred_at=TEST_NOW, center_id=SCHOOL)
    async for runner in _runner(db, url):
        outcome = await runner.start(event)
        assert outcome.status == "awaiting_review" and outcome.request is not None
        return outcome.thread_id, [a["name"] for a in outcome.request["action_requests"]]
    raise AssertionError("unreachable")


def test_new_process_resumes_with_approve_edit_reject_and_writes_once(
    fresh_db: str, sandbox: Sandbox
) -> None:
    thread_id, names = asyncio.run(_start(fresh_db, sandbox.url))
    # CPR expiring (message, task, a renewal course, status) and background check expired (message, task,
    # status: no course renews a background check).
    cpr = ["send_message", "create_task", "assign_training", "update_credential"]
    assert names == [*cpr, "send_message", "create_task", "update_credential"]
    assert sandbox.effects() == []

    decisions: list[dict[str, Any]] = [
        {"type": "approve"},
        {
            "type": "edit",
            "edited_action": {
                "name": "create_task",
                "args": {"school_id": SCHOOL, "title": "Book CPR class for Ana", "priority": "high"},
            },
        },
        {"type": "reject", "message": "she books her own class"},
        {"type": "reject", "message": "status is set when she books"},
        {"type": "approve"},
        {"type": "reject"},
        {"type": "approve"},
    ]
    decided = _decide(thread_id, decisions, _env(fresh_db, sandbox.url))
    # What it prints is true: done, what was decided and written, nothing "awaiting approval" any more.
    first_line = decided.stdout.splitlines()[0]
    assert first_line.startswith(f"{thread_id}: done (") and "awaiting approval" not in first_line
    assert first_line.endswith("; 3 approved, 1 edited, 3 rejected; 4 written)"), first_line
    effects = sandbox.effects()
    assert [(e["kind"], e["action"]) for e in effects] == [
        ("messages", "create"),
        ("tasks", "create"),
        ("messages", "create"),
        ("credentials", "patch"),
        ("staff_notes", "create"),  # the data write leaves a note on the staff record
    ]
    assert effects[1]["body"]["title"] == "Book CPR class for Ana"
    assert effects[3]["resource_id"] == "CR-BG" and effects[3]["body"]["status"] == "renewal_initiated"
    note = effects[4]["body"]
    assert note["text"].startswith("Credential status updated via AI audit on ") and thread_id in note["text"]

    again = _cli("approvals", "decide", thread_id, "--approve-all", env=_env(fresh_db, sandbox.url))
    assert again.returncode == 5 and "not waiting for a decision" in again.stderr
    assert len(sandbox.effects()) == 5


def test_the_cli_decides_only_as_the_holder_of_a_token_that_may(fresh_db: str, sandbox: Sandbox) -> None:
    thread_id, names = asyncio.run(_start(fresh_db, sandbox.url))
    env = {k: v for k, v in _env(fresh_db, sandbox.url).items() if k != "PROCARE_AI_TOKEN"}

    async def tokens() -> dict[str, str]:
        pool = await open_pool(fresh_db, max_size=1)
        try:
            now = datetime.now(UTC)
            return {
                "auditor": await create_token(pool, "auditor", [SCHOOL], "aud", now=now),
                "other": await create_token(pool, "director", ["S0999"], "dir-other", now=now),
                "stale": await create_token(
                    pool, "director", [SCHOOL], "dir-stale", now=now - timedelta(days=91)
                ),
            }
        finally:
            await pool.close()

    made = asyncio.run(tokens())
    refused = {
        "none": _cli("approvals", "decide", thread_id, "--approve-all", env=env),
        "auditor": _cli(
            "approvals", "decide", thread_id, "--approve-all", "--token", made["auditor"], env=env
        ),
        "other": _cli(
            "approvals", "decide", thread_id, "--approve-all", env=env | {"PROCARE_AI_TOKEN": made["other"]}
        ),
        "stale": _cli("approvals", "decide", thread_id, "--approve-all", "--token", made["stale"], env=env),
    }
    assert {k: r.returncode for k, r in refused.items()} == {"none": 3, "auditor": 3, "other": 4, "stale": 3}
    assert "PROCARE_AI_TOKEN" in refused["none"].stderr and "expired" in refused["stale"].stderr
    assert all(len(r.stderr.strip().splitlines()) == 1 for r in refused.values())
    assert sandbox.effects() == []
    reviewer = _cli("approvals", "decide", thread_id, "--approve-all", "--reviewer", "someone", env=env)
    assert reviewer.returncode == 2  # a free-text decider is no longer an option
    _decide(thread_id, [{"type": "reject"}] * len(names), _env(fresh_db, sandbox.url))
    (entry,) = asyncio.run(_audit(fresh_db, sandbox.url, "S0001-E900"))
    assert {d.reviewer for d in entry.decisions} == {"dir-ana"}


def test_killed_between_write_and_checkpoint_then_retried_writes_once(
    fresh_db: str, slow_write_sandbox: Sandbox
) -> None:
    sandbox = slow_write_sandbox
    thread_id, names = asyncio.run(_start(fresh_db, sandbox.url))
    proc = subprocess.Popen(
        [sys.executable, "-m", "procare_ai.cli", "approvals", "decide", thread_id, "--approve-all"],
        env=_env(fresh_db, sandbox.url),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while not sandbox.effects():  # the first write has reached Procare; its answer is being held
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no write reached the sandbox"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert len(sandbox.effects()) == 1

    with Sandbox(app=sandbox.app) as prompt:  # the same Procare state, answering at once
        retried = _cli("approvals", "decide", thread_id, "--approve-all", env=_env(fresh_db, prompt.url))
    assert retried.returncode == 0, retried.stderr
    effects = [e for e in sandbox.effects() if e["kind"] != "staff_notes"]
    assert len(effects) == len(names), [(e["kind"], e["resource_id"]) for e in effects]
    keys = {(e["kind"], e["resource_id"], json.dumps(e["body"], sort_keys=True)) for e in effects}
    assert len(keys) == len(names)  # every approved action written exactly once
    notes = [e for e in sandbox.effects() if e["kind"] == "staff_notes"]
    assert len(notes) == sum(needs_staff_note(n) for n in names)  # and its note once


async def _audit(db: str, url: str, staff_id: str) -> list[Any]:
    pool = await open_pool(db, max_size=2)
    try:
        return await audit_for_staff(pool, make_checkpointer(pool), staff_id)
    finally:
        await pool.close()


@pytest.mark.date_sensitive
def test_audit_by_staff_id_returns_every_element(fresh_db: str, sandbox: Sandbox) -> None:
    thread_id, names = asyncio.run(_start(fresh_db, sandbox.url))
    decisions = [{"type": "approve"}] + [{"type": "reject", "message": "later"}] * (len(names) - 1)
    _decide(thread_id, decisions, _env(fresh_db, sandbox.url))

    [entry] = asyncio.run(_audit(fresh_db, sandbox.url, "S0001-E900"))
    assert entry.thread_id == thread_id and entry.event.type == "scan.credentials"
    employee = next(r for r in entry.reads if r.kind == "employee")
    assert employee.data["first_name"] == "Ana" and "ssn" not in employee.data  # original data, minus PII
    assert {r.id for r in entry.reads if r.kind == "credential"} == {"CR-CPR", "CR-FA", "CR-BG"}
    message = entry.proposals[0]
    assert message.prompt and "Ana" in message.prompt and "123-45-6789" not in message.prompt
    assert message.model_output and json.loads(message.model_output)["body"] == message.args["body"]
    assert {v.proposal_id for v in entry.verdicts} == {p.id for p in entry.proposals}
    assert all(v.allowed for v in entry.verdicts)
    first = next(d for d in entry.decisions if d.proposal_id == message.id)
    assert (first.type, first.reviewer) == ("approve", "dir-ana") and first.decided_at
    assert [r.ok for r in entry.results] == [True] and entry.results[0].idempotency_key.startswith("pcai-")
    assert entry.results[0].response and entry.results[0].response["to_employee_id"] == "S0001-E900"
    assert any(f.kind == "credential_expiring" for f in entry.findings)


async def _race(db: str, url: str, thread_id: str, approvals: int) -> tuple[list[Any], str]:
    """Two workers (each its own pool and client) resume one thread at the same moment."""
    pools = [await open_pool(db, max_size=2) for _ in range(2)]
    clients = [ProcareClient(base_url=url, api_key=DEV_API_KEY, max_retries=0) for _ in range(2)]
    try:
        runners = [
            GraphRunner(
                build_graph(make_checkpointer(pool)),
                GraphContext(),
                Dependencies(procare=client, drafter=OfflineDrafter(), rollout=StaticRollout()),
                pool=pool,
            )
            for pool, client in zip(pools, clients, strict=True)
        ]
        decisions = {"decisions": [{"type": "approve"}] * approvals}
        results = await asyncio.gather(
            *(r.resume(thread_id, decisions, reviewer=f"worker-{i}") for i, r in enumerate(runners)),
            return_exceptions=True,
        )
        final = await runners[0].outcome(thread_id)
        return results, final.status
    finally:
        for client in clients:
            await client.aclose()
        for pool in pools:
            await pool.close()


def test_two_concurrent_resumes_of_one_thread_cannot_both_run(fresh_db: str, sandbox: Sandbox) -> None:
    thread_id, names = asyncio.run(_start(fresh_db, sandbox.url))
    results, status = asyncio.run(_race(fresh_db, sandbox.url, thread_id, len(names)))
    won = [r for r in results if not isinstance(r, BaseException)]
    lost = [r for r in results if isinstance(r, BaseException)]
    assert len(won) == 1 and won[0].status == "done" and status == "done"
    assert len(lost) == 1 and isinstance(lost[0], Conflict)  # ThreadBusy, or "not waiting" if it came second
    writes = [e for e in sandbox.effects() if e["kind"] != "staff_notes"]
    assert len(writes) == len(names)  # each approved action written once
    assert len({e["resource_id"] for e in writes if e["kind"] != "credentials"}) == len(
        [n for n in names if n != "update_credential"]
    )
    notes = [e for e in sandbox.effects() if e["kind"] == "staff_notes"]
    assert len(notes) == sum(needs_staff_note(n) for n in names)  # and each noted write's note once


async def _resume_while_locked(db: str, url: str, thread_id: str, approvals: int) -> tuple[Any, str]:
    """Another worker holds the thread (its lock): a resume is refused at once, then succeeds after."""
    holder = await open_pool(db, max_size=1)
    try:
        async for runner in _runner(db, url):
            decisions = {"decisions": [{"type": "approve"}] * approvals}
            async with holder.connection() as conn:  # another worker holds the thread
                await lock_thread(conn, thread_id)
                try:
                    await runner.resume(thread_id, decisions, reviewer="late")
                    refused: Any = None
                except ThreadBusy as exc:
                    refused = exc
                finally:
                    await unlock_thread(conn, thread_id)
            done = await runner.resume(thread_id, decisions, reviewer="on-time")
            return refused, done.status
    finally:
        await holder.close()
    raise AssertionError("unreachable")


def test_a_held_thread_is_refused_not_run_twice(fresh_db: str, sandbox: Sandbox) -> None:
    thread_id, names = asyncio.run(_start(fresh_db, sandbox.url))
    refused, status = asyncio.run(_resume_while_locked(fresh_db, sandbox.url, thread_id, len(names)))
    assert isinstance(refused, ThreadBusy) and "another worker" in refused.message
    writes = [e for e in sandbox.effects() if e["kind"] != "staff_notes"]
    assert status == "done" and len(writes) == len(names)
    assert len(sandbox.effects()) - len(writes) == sum(map(needs_staff_note, names))  # a note per noted write


def test_cli_audit_and_replay_write_nothing(fresh_db: str, sandbox: Sandbox, tmp_path: Path) -> None:
    thread_id, names = asyncio.run(_start(fresh_db, sandbox.url))
    env = _env(fresh_db, sandbox.url)
    decisions = [{"type": "approve"}] + [{"type": "reject"}] * (len(names) - 1)
    assert (
        _cli("approvals", "decide", thread_id, "--decisions", json.dumps(decisions), env=env).returncode == 0
    )
    written = len(sandbox.effects())

    audit = _cli("audit", "S0001-E900", "--json", env=env)
    assert audit.returncode == 0, audit.stderr
    [entry] = json.loads(audit.stdout)
    assert entry["thread_id"] == thread_id and entry["decisions"][0]["type"] == "approve"
    assert entry["status"] == "done"

    trace_file = tmp_path / "trace.json"
    replayed = _cli("replay", thread_id, "--out", str(trace_file), env=env)
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert "identical to the recording" in replayed.stdout
    assert json.loads(trace_file.read_text())["thread_id"] == thread_id
    assert len(sandbox.effects()) == written  # the replay's writes went to a recorder, not to Procare

    shown = _cli("report", thread_id, env=env)
    assert shown.returncode == 0 and "Credential gaps" in shown.stdout and "Ana Reyes" in shown.stdout
    wrong = _cli("report", thread_id, "--csv", str(tmp_path / "x.csv"), env=env)
    assert wrong.returncode != 0 and "for payroll threads" in wrong.stderr

    missing = _cli("replay", "S0001--no-such-thread", env=env)
    assert missing.returncode != 0 and "no thread" in missing.stderr and "Traceback" not in missing.stderr
