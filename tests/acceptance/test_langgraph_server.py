"""Issue 12: the graph in LangGraph's own server, driven with langgraph-sdk as a LangGraph user would.

Real processes on loopback: the Procare sandbox (`procare-ai sandbox`) and `langgraph dev` (langgraph-cli
[inmem], offline: no analytics, no version check, no browser, no reload) on the project's langgraph.json,
with a fresh migrated database whose rollout store puts the center's credentials workflow in `assistive`.
Only the SDK drives the server: schemas, a run to its interrupt (validated as LangChain's HITLRequest, as
the server returns it), threads.search, refused resumes that leave the thread interrupted with the
reason, then the correct resume, whose writes land in the sandbox under their idempotency keys.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from langchain.agents.middleware.human_in_the_loop import HITLRequest
from langgraph_sdk import get_client
from langgraph_sdk.client import LangGraphClient
from pydantic import TypeAdapter

from graph.actions import BINDINGS, split_args
from sandbox.config import DEV_API_KEY
from tests.acceptance.harness import Proc, free_port, wait_for, with_db
from tests.clock import TEST_NOW, TEST_TODAY, month_end_after
from tools.client import ProcareClient

pytestmark = pytest.mark.acceptance

ROOT = Path(__file__).resolve().parents[2]
CENTER = "S0001"
EMPLOYEE = "S0001-E912"
STARTUP_SECONDS = 60.0
HITL = TypeAdapter(HITLRequest)
SERDE_WARNINGS = ("Deserializing unregistered type", "Blocked deserialization")


@dataclass
class Server:
    """The sandbox and `langgraph dev`, their URLs, and the server's log."""

    sandbox_url: str
    langgraph_url: str
    langgraph: Proc

    def sandbox(self) -> httpx.Client:
        return httpx.Client(base_url=self.sandbox_url, headers={"X-API-Key": DEV_API_KEY}, timeout=30)


@pytest.fixture(scope="module")
def studio_db(pg_server_url: str, pg_template: str) -> Iterator[str]:
    """A fresh migrated database; the rollout store puts CENTER's credentials workflow in assistive."""
    name = f"pcai_studio_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    url = with_db(pg_server_url, name)
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                "INSERT INTO rollout_phases (center_id, workflow, phase, updated_by) VALUES (%s, %s, %s, %s)",
                (CENTER, "credentials", "assistive", "acceptance"),
            )
        yield url
    finally:
        with psycopg.connect(pg_server_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def spawn(name: str, argv: list[str], env: dict[str, str], cwd: Path, logs: Path) -> Proc:
    log = logs / f"{name}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(argv, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
    return Proc(name, popen, log)


def wait_ok(proc: Proc, url: str) -> None:
    def probe() -> bool:
        assert proc.alive(), f"{proc.name} exited:\n{proc.output()}"
        try:
            return httpx.get(url, timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(f"{proc.name} at {url}", probe, STARTUP_SECONDS)


@pytest.fixture(scope="module")
def server(studio_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Both processes; `langgraph dev` runs in an empty folder (its .langgraph_api/ and no .env there)."""
    logs, workdir = tmp_path_factory.mktemp("studio-logs"), tmp_path_factory.mktemp("studio-cwd")
    sandbox_port, langgraph_port = free_port(), free_port()
    ours = ("PROCARE_AI_", "OPENAI_", "LANGGRAPH_", "LANGSMITH_", "LANGCHAIN_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    env |= {
        "PROCARE_AI_DATABASE_URL": studio_db,
        "PROCARE_AI_PROCARE_URL": f"http://127.0.0.1:{sandbox_port}",
        "PROCARE_AI_PROCARE_API_KEY": DEV_API_KEY,
        "PROCARE_AI_HTTP_MAX_RETRIES": "1",
        "LANGGRAPH_CLI_NO_ANALYTICS": "1",
        "LANGGRAPH_NO_VERSION_CHECK": "true",
        "LANGSMITH_TRACING": "false",
        "PYTHONUNBUFFERED": "1",
    }
    sandbox = spawn(
        "sandbox",
        [sys.executable, "-m", "procare_ai.cli", "sandbox", f"--port={sandbox_port}", "--seed=12",
         "--centers=2", "--staff-per-center=6"],
        env, ROOT, logs,
    )  # fmt: skip
    langgraph = spawn(
        "langgraph-dev",
        [str(Path(sys.executable).parent / "langgraph"), "dev", "--config", str(ROOT / "langgraph.json"),
         "--no-browser", "--no-reload", "--host", "127.0.0.1", f"--port={langgraph_port}"],
        env, workdir, logs,
    )  # fmt: skip
    try:
        wait_ok(sandbox, f"http://127.0.0.1:{sandbox_port}/_sandbox/health")
        wait_ok(langgraph, f"http://127.0.0.1:{langgraph_port}/ok")
        yield Server(f"http://127.0.0.1:{sandbox_port}", f"http://127.0.0.1:{langgraph_port}", langgraph)
    finally:
        langgraph.stop()
        sandbox.stop()


@pytest.fixture
async def client(server: Server) -> AsyncIterator[LangGraphClient]:
    sdk = get_client(url=server.langgraph_url)
    try:
        yield sdk
    finally:
        await sdk.aclose()


def inject_expiring_cpr(server: Server) -> date:
    """A lead teacher whose AHA CPR card expires at the end of next month (TEST_TODAY's): reminder time."""
    expires = month_end_after(TEST_TODAY)
    with server.sandbox() as sb:
        answer = sb.post(
            "/_sandbox/inject/employees",
            json={
                "school_id": CENTER,
                "records": [
                    {
                        "employee_id": EMPLOYEE,
                        "person_id": f"P-{EMPLOYEE}",
                        "first_name": "Rosa",
                        "last_name": "Diaz",
                        "email": "rosa@example.org",
                        "position": "Lead Teacher",
                        "hire_date": "2020-08-01",
                    }
                ],
            },
        )
        assert answer.status_code == 201, answer.text
        answer = sb.post(
            "/_sandbox/inject/credentials",
            json={
                "school_id": CENTER,
                "records": [
                    {
                        "credential_id": f"{EMPLOYEE}-CPR",
                        "employee_id": EMPLOYEE,
                        "kind": "pediatric_cpr_aha",
                        "issuer": "AHA",
                        "issued_on": date(expires.year - 2, expires.month, 1).isoformat(),
                    }
                ],
            },
        )
        assert answer.status_code == 201, answer.text
    return expires


def interrupt_value(thread: Any) -> dict[str, Any]:
    """The one pending interrupt of an `interrupted` thread, validated as LangChain's HITLRequest."""
    assert thread["status"] == "interrupted", thread["status"]
    pending = [i for items in thread["interrupts"].values() for i in items]
    assert len(pending) == 1, pending
    value: dict[str, Any] = pending[0]["value"]
    HITL.validate_python(value)
    return value


async def test_schemas_show_an_event_input_and_the_run_knobs(client: LangGraphClient) -> None:
    (assistant,) = await client.assistants.search(graph_id="procare")
    schemas = await client.assistants.get_schemas(assistant["assistant_id"])
    inputs, knobs = schemas["input_schema"], schemas["context_schema"]
    assert inputs is not None and knobs is not None
    assert inputs["required"] == ["event"] and list(inputs["properties"]) == ["event"]
    event = inputs["$defs"]["Event"]
    assert set(event["required"]) == {"id", "type", "occurred_at", "center_id"}
    context = knobs["properties"]
    assert {"as_of", "credential_windows_days", "agent_settings"} <= set(context)
    assert all(field.get("description") for field in context.values())
    graph = await client.assistants.get_graph(assistant["assistant_id"])
    assert {"human_review", "execute", "credentials"} <= {n["id"] for n in graph["nodes"]}


async def test_a_thread_pauses_refuses_bad_resumes_and_an_approval_writes_once(
    client: LangGraphClient, server: Server
) -> None:
    expires = inject_expiring_cpr(server)
    event: Any = {
        "id": f"evt-studio-{uuid.uuid4().hex[:8]}",
        "type": "staff.updated",
        "occurred_at": f"{TEST_TODAY.isoformat()}T09:00:00Z",
        "center_id": CENTER,
        "data": {"employee_id": EMPLOYEE, "fields": ["phone"]},
    }
    context = {"as_of": TEST_NOW.isoformat()}
    thread = await client.threads.create(metadata={"center_id": CENTER})
    thread_id = thread["thread_id"]

    out = await client.runs.wait(thread_id, "procare", input={"event": event}, context=context)
    assert isinstance(out, dict) and out["phase"] == "assistive"  # from the rollout store
    assert datetime.fromisoformat(out["as_of"]) == TEST_NOW  # the run recorded the instant it judged by
    request = interrupt_value(await client.threads.get(thread_id))
    actions = request["action_requests"]
    assert [a["name"] for a in actions][:2] == ["send_message", "create_task"]
    assert expires.isoformat() in actions[0]["args"]["subject"] + actions[0]["args"]["body"]
    assert request["thread_id"] == thread_id and request["center_id"] == CENTER
    assert request["staff_ids"] == [EMPLOYEE] and request["workflow"] == "credentials"
    assert request["resume_error"] is None
    found = await client.threads.search(status="interrupted", metadata={"center_id": CENTER}, limit=100)
    assert thread_id in {t["thread_id"] for t in found}

    with server.sandbox() as sb:
        effects_before = len(sb.get("/_sandbox/effects").json()["data"])
    n = len(actions)
    pii = {**actions[0]["args"], "body": "Rosa, your SSN 123-45-6789 is on file."}
    refused = [
        ({"decisions": [{"type": "approve"}] * (n + 1)}, f"expected {n} decision(s)"),
        ({"decisions": [{"type": "maybe"}] * n}, "decision 0: type must be one of"),
        (
            {
                "decisions": [
                    {"type": "edit", "edited_action": {"name": actions[0]["name"], "args": pii}},
                    *[{"type": "approve"}] * (n - 1),
                ]
            },
            "decision 0: edit refused",
        ),
    ]
    for resume, reason in refused:
        await client.runs.wait(thread_id, "procare", command={"resume": resume}, context=context)
        again = interrupt_value(await client.threads.get(thread_id))
        assert again["resume_error"] and again["resume_error"].startswith(reason), again["resume_error"]
        assert again["action_requests"] == actions
    runs = await client.runs.list(thread_id)
    assert "error" not in {r["status"] for r in runs}  # a refused resume is no error, for the server too
    with server.sandbox() as sb:
        assert len(sb.get("/_sandbox/effects").json()["data"]) == effects_before  # nothing written

    done = await client.runs.wait(
        thread_id,
        "procare",
        command={"resume": {"decisions": [{"type": "approve"}] * n, "reviewer": "director-rosa"}},
        context=context,
    )
    finished = await client.threads.get(thread_id)
    assert finished["status"] == "idle" and not finished["interrupts"]
    assert isinstance(done, dict) and done["status"] == "done" and done["review_error"] is None
    assert [d["reviewer"] for d in done["decisions"]] == ["director-rosa"] * n
    results = done["results"]
    assert len(results) == n and all(r["ok"] for r in results), results
    assert len({r["idempotency_key"] for r in results}) == n
    with server.sandbox() as sb:
        after = sb.get("/_sandbox/effects").json()["data"][effects_before:]
    written = [e for e in after if e["kind"] != "staff_notes"]  # a data write also leaves a note
    assert len(written) == n and {e["school_id"] for e in after} == {CENTER}
    assert len(after) - n == len(done["notes"]) and all(note["ok"] for note in done["notes"])

    # Each write landed under its idempotency key: sending it again with that key replays the stored
    # answer (same record) and writes nothing new.
    async with ProcareClient(base_url=server.sandbox_url, api_key=DEV_API_KEY, max_retries=0) as procare:
        for action, result in zip(actions, results, strict=True):
            path_id, body = split_args(action["name"], action["args"])
            replayed = await BINDINGS[action["name"]].call(procare, path_id, body, result["idempotency_key"])
            assert replayed.model_dump(mode="json") == result["response"]
    with server.sandbox() as sb:
        assert len(sb.get("/_sandbox/effects").json()["data"]) == effects_before + len(after)
    assert (await client.threads.search(status="interrupted", metadata={"center_id": CENTER})) == []


def test_server_log_has_no_serializer_warnings_and_the_provider_closes(server: Server) -> None:
    """Runs after the cycle (module order): every state type loaded was registered; shutdown closes."""
    log = server.langgraph.log.read_text(errors="replace")
    assert "procare-ai: dependencies open" in log
    assert not [line for line in log.splitlines() if any(w in line for w in SERDE_WARNINGS)]
    server.langgraph.stop()
    assert "procare-ai: dependencies closed" in server.langgraph.log.read_text(errors="replace")
    assert json.loads((ROOT / "langgraph.json").read_text())["env"]["LANGGRAPH_STRICT_MSGPACK"] == "true"
