"""Issue 14 end to end: new hires' packets in the sandbox (real HTTP, real files) through the API and the
graph on real Postgres.

Two hires at a California center. Ana's last packet file (her CPR card, a scan read by OCR) is uploaded
through the sandbox, whose signed `document.uploaded` webhook the service's API verifies and queues: the
packet is complete, the forms pre-fill her profile and the card renews her credential, and once approved
both land in the sandbox. Ben's packet has no W-4: `staff.hired` yields the follow-up task naming it and
the W-4 sent for e-signature; the day-1 scan reminds him. Then the SSNs, birth dates and document numbers
of the test set are looked for in every table of the database, every log record and every prompt: none is
there whole.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import random
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import psycopg
import pytest
from pydantic import SecretStr

from agents.common.llm import Draft, DraftSpec, OfflineDrafter, T
from agents.common.types import Event
from api.app import create_app
from api.config import ApiConfig
from checkpoints.db import open_pool
from checkpoints.events import load_event
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies.onboarding import CARD_COURSES
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.form_layout import Text
from sandbox.packets import PacketDocument, build_packet
from sandbox.server import RunningSandbox, sandbox_server
from sandbox.webhooks import encode_body
from services.context import Services
from services.runner import GraphRunner
from services.scans import scan_event
from tests.integration.api.harness import SECRET, RecordingEnqueuer
from tools.client import ProcareClient

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TODAY = date(2026, 11, 4)  # a Wednesday
SCHOOL = "S0001"  # California in the seed-11 sandbox
DIRECTOR, ANA, BEN = f"{SCHOOL}-E801", f"{SCHOOL}-E802", f"{SCHOOL}-E803"
AT = datetime(2026, 11, 4, 17, 0, tzinfo=UTC)  # 9:00 Pacific
HIRES: dict[str, dict[str, Any]] = {
    ANA: {"first_name": "Ana", "last_name": "Reyes", "ssn": "912-34-5678", "birth_date": "1991-06-23"},
    BEN: {"first_name": "Ben", "last_name": "Okafor", "ssn": "923-45-6781", "birth_date": "1988-02-09"},
    DIRECTOR: {"first_name": "Dana", "last_name": "Wu", "ssn": "934-56-7812", "birth_date": "1979-10-30"},
}


def _employee(emp_id: str, position: str, hired: date) -> dict[str, Any]:
    person = HIRES[emp_id]
    return {
        "employee_id": emp_id,
        "person_id": f"P-{emp_id}",
        **person,
        "email": f"{person['first_name'].lower()}.{person['last_name'].lower()}@example.org",
        "phone": "(415) 555-01" + emp_id[-2:],
        "position": position,
        "hire_date": hired.isoformat(),
        "home_address": {"line1": "48 Elm Street", "city": "Oakland", "state": "CA", "postal_code": "94607"},
        "custom_fields": {"languages": "English"},
        "updated_at": AT.isoformat(),
    }


def _packet(emp: dict[str, Any], style: str, seed: int) -> list[PacketDocument]:
    return build_packet(
        random.Random(seed),
        emp,
        center_name="Little Oaks - Oakland",
        center_address="200 Grand Ave, Oakland, CA",
        state="CA",
        agency="California DOJ Live Scan and FBI",
        today=TODAY,
        style=style,
    )


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Scenario:
    sandbox: RunningSandbox
    packets: dict[str, list[PacketDocument]]
    clock: Clock
    secrets: set[str] = field(default_factory=set)


def _secrets(packets: Mapping[str, list[PacketDocument]]) -> set[str]:
    """Every whole SSN, birth date and document number of the test set, as stored and as printed."""
    found: set[str] = set()
    for person in HIRES.values():
        ssn, born = person["ssn"], date.fromisoformat(person["birth_date"])
        found |= {ssn, ssn.replace("-", ""), born.isoformat(), born.strftime("%m/%d/%Y")}
    for docs in packets.values():
        for doc in docs:
            for element in (e for p in doc.pages for e in p.elements if isinstance(e, Text)):
                text = element.text
                if text.startswith(("SRC", "A0", "B0")) or (text.isdigit() and len(text) >= 8):
                    found.add(text)  # an I-9 document number as printed
    return found


@pytest.fixture
def scenario() -> Iterator[Scenario]:
    clock = Clock(AT)  # the sandbox signs its webhooks by it, the service checks them by it
    config = SandboxConfig(
        seed=11, centers=2, staff_per_center=8, today=TODAY, webhook_secret=SECRET, now=clock
    )
    with sandbox_server(config) as running:
        assert running.runtime.data.school(0)[0]["state"] == "CA"
        state = running.state
        state.hide_generated(SCHOOL, "employees", "documents", "credentials")
        ana = _employee(ANA, "Lead Teacher", TODAY - timedelta(days=2))
        ben = _employee(BEN, "Assistant Teacher", TODAY - timedelta(days=1))
        state.add_employees(SCHOOL, [_employee(DIRECTOR, "Director", date(2019, 8, 5)), ana, ben])
        packets = {ANA: _packet(ana, "complete", 3), BEN: _packet(ben, "missing_w4", 4)}
        for emp_id, docs in packets.items():
            card = next(d for d in docs if d.kind == "credential_card").truth
            kind = next(k for c, (_i, k) in CARD_COURSES.items() if c == card["course"])
            other = (
                kind.replace("pediatric_cpr", "first_aid")
                if "cpr" in kind
                else kind.replace("first_aid", "pediatric_cpr")
            )
            state.add_credentials(
                SCHOOL,
                [
                    {
                        "credential_id": f"{emp_id}-OLD",
                        "employee_id": emp_id,
                        "kind": kind,
                        "issuer": card["issuer"],
                        "issued_on": "2023-09-01",
                        "expires_on": "2025-09-30",
                        "status": "expired",
                    },
                    {
                        "credential_id": f"{emp_id}-FA",
                        "employee_id": emp_id,
                        "kind": other,
                        "issuer": card["issuer"],
                        "issued_on": "2025-05-01",
                        "expires_on": "2027-05-31",
                    },
                ],
            )
            for n, doc in enumerate(d for d in docs if emp_id == BEN or d.kind != "credential_card"):
                state.add_document(
                    SCHOOL,
                    {
                        "document_id": f"{emp_id}-{doc.kind}",
                        "employee_id": emp_id,
                        "kind": doc.kind,
                        "filename": f"{doc.kind}.{doc.extension}",
                        "content_type": doc.content_type,
                        "uploaded_at": (AT - timedelta(days=3, minutes=n)).isoformat(),
                    },
                    doc.render(),
                )
        yield Scenario(running, packets, clock, _secrets(packets))


class RecordingDrafter(OfflineDrafter):
    """The offline drafter, keeping every prompt it was given."""

    def __init__(self) -> None:
        self.prompts: list[str] = []

    async def draft(self, spec: DraftSpec[T], facts: Mapping[str, Any]) -> Draft[T]:
        drafted = await super().draft(spec, facts)
        self.prompts.append(drafted.prompt)
        return drafted


@dataclass
class World:
    runner: GraphRunner
    api: httpx.AsyncClient
    enqueuer: RecordingEnqueuer
    services: Services

    async def deliver(self, answer: dict[str, Any]) -> Event:
        """Post a webhook the sandbox signed to the service's own endpoint; the stored event it queued."""
        response = await self.api.post(
            "/webhooks/procare",
            content=encode_body(answer["event"]),
            headers={"content-type": "application/json", **answer["headers"]},
        )
        assert response.status_code == 202, response.text
        job = self.enqueuer.jobs[-1]
        assert job.thread_id == response.json()["thread_id"]
        stored = await load_event(self.services.pool, job.event_id)
        assert stored is not None
        return stored.event


@asynccontextmanager
async def _world(db: str, url: str, drafter: RecordingDrafter, clock: Clock) -> AsyncIterator[World]:
    pool = await open_pool(db, max_size=4)
    try:
        async with ProcareClient(base_url=url, api_key=DEV_API_KEY, max_retries=0) as client:
            deps = Dependencies(
                procare=client,
                drafter=drafter,
                rollout=StaticRollout({("*", "onboarding"): "automation"}),
                clock=clock,
            )
            saver = make_checkpointer(pool)
            runner = GraphRunner(build_graph(saver), GraphContext(), deps, pool=pool)
            enqueuer = RecordingEnqueuer()
            services = Services(pool=pool, saver=saver, runner=runner, deps=deps, enqueuer=enqueuer)
            # the sandbox signs as a Standard Webhooks sender does, with no bearer token (which suffices)
            config = ApiConfig(webhook_secret=SecretStr(SECRET))
            app = create_app(services, config)
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as api:
                yield World(runner, api, enqueuer, services)
    finally:
        await pool.close()


def _names(outcome: Any) -> list[str]:
    return [a["name"] for a in outcome.request["action_requests"]]


async def _database_text(db: str) -> list[tuple[str, str]]:
    """(table, cell) for every cell of every table of the database, bytes decoded as Latin-1 so that a
    msgpack checkpoint's strings are searchable."""
    cells: list[tuple[str, str]] = []
    async with await psycopg.AsyncConnection.connect(db) as conn:
        tables = await (
            await conn.execute(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')"
            )
        ).fetchall()
        assert len(tables) > 10
        for schema, table in tables:
            rows = await (await conn.execute(f'SELECT * FROM "{schema}"."{table}"')).fetchall()
            for row in rows:
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        cells.append((table, bytes(value).decode("latin-1")))
                    elif value is not None:
                        cells.append((table, json.dumps(value, default=str)))
    return cells


def test_packets_prefill_renew_follow_up_and_leave_no_ssn_anywhere(
    fresh_db: str, scenario: Scenario, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    sandbox = scenario.sandbox
    drafter = RecordingDrafter()

    async def run() -> None:
        async with _world(fresh_db, sandbox.url, drafter, scenario.clock) as world:
            runner = world.runner
            card = next(d for d in scenario.packets[ANA] if d.kind == "credential_card")
            async with httpx.AsyncClient(base_url=sandbox.url, headers={"X-API-Key": DEV_API_KEY}) as http:
                answer = await http.post(
                    "/_sandbox/documents",
                    json={
                        "school_id": SCHOOL,
                        "employee_id": ANA,
                        "kind": "credential_card",
                        "filename": "cpr_card.png",
                        "content_type": card.content_type,
                        "content_base64": base64.b64encode(card.render()).decode(),
                    },
                )
            assert answer.status_code == 202, answer.text
            uploaded = await world.deliver(answer.json())  # signed by the sandbox, verified by the API
            assert uploaded.type == "document.uploaded" and uploaded.data["employee_id"] == ANA

            first = await runner.start(uploaded)
            assert first.status == "awaiting_review" and first.request is not None
            names = _names(first)
            assert "create_task" not in names  # Ana's packet is complete
            assert names.count("patch_employee") >= 2 and names.count("update_credential") == 1
            assert sandbox.state.effects == []  # nothing written before a director decides
            done = await runner.resume(
                first.thread_id, {"decisions": [{"type": "approve"}] * len(names)}, reviewer="dir-1"
            )
            assert done.status == "done" and all(r.ok for r in done.state.results)
            async with ProcareClient(base_url=sandbox.url, api_key=DEV_API_KEY, max_retries=0) as client:
                ana = await client.get_employee(ANA)
                renewed = await client.get_credential(f"{ANA}-OLD")
            truth = {d.kind: d.truth for d in scenario.packets[ANA]}
            assert ana.custom_fields["languages"] == "English"  # kept: a merge patch
            assert ana.custom_fields["w4_filing_status"] == truth["w4"]["filing_status"]
            assert ana.custom_fields["work_authorization"] == truth["i9"]["citizenship_status"]
            assert ana.custom_fields["background_check_result"] == "eligible"
            assert (
                renewed.status == "valid"
                and renewed.issued_on.isoformat() == truth["credential_card"]["issue_date"]
            )
            assert renewed.document_id == uploaded.data["document_id"]

            hired = Event(
                id="evt-hired-ben",
                type="staff.hired",
                occurred_at=AT,
                center_id=SCHOOL,
                data={"employee_id": BEN, "position": "Assistant Teacher"},
            )
            second = await runner.start(hired)
            assert second.status == "awaiting_review" and second.request is not None
            requests = second.request["action_requests"]
            follow_up = next(
                a for a in requests if a["args"].get("title", "").startswith("Onboarding packet")
            )
            assert "Form W-4: not received" in follow_up["args"]["body"]
            signature = next(a for a in requests if a["name"] == "request_signature")
            assert signature["args"]["form"] == "w4" and "document_id" not in signature["args"]
            ended = await runner.resume(
                second.thread_id, {"decisions": [{"type": "approve"}] * len(requests)}, reviewer="dir-1"
            )
            assert ended.status == "done" and all(r.ok for r in ended.state.results)
            tasks = [e["body"] for e in sandbox.state.effects_for(kind="tasks")]
            assert any(t["title"] == "Onboarding packet incomplete: Ben Okafor" for t in tasks)
            [sent] = sandbox.state.effects_for(kind="signature_requests")
            assert sent["body"]["employee_id"] == BEN and sent["body"]["form"] == "w4"

            day1 = scan_event("onboarding", SCHOOL, TODAY.isoformat(), AT)
            scanned = await runner.start(day1)
            assert scanned.state.report is not None and "Ben Okafor" in scanned.state.report
            reminders = [a for a in scanned.request["action_requests"]] if scanned.request else []
            assert [a["args"]["to_employee_id"] for a in reminders] == [BEN]  # day 1 for Ben, day 2 for Ana
            assert drafter.prompts and "Ben" in drafter.prompts[-1]

    asyncio.run(run())

    cells = asyncio.run(_database_text(fresh_db))
    assert any(ANA in cell for _t, cell in cells)  # the search reads the stored runs
    logs = [caplog.text, *(r.getMessage() for r in caplog.records)]
    for secret in sorted(scenario.secrets):
        where = [table for table, cell in cells if secret in cell]
        assert not where, (
            f"{secret[:3]}... stored whole in {sorted(set(where))} {_debug_context(cells, secret)[:2]}"
        )
        assert not any(secret in line for line in logs), f"{secret[:3]}... logged whole"
        assert not any(secret in prompt for prompt in drafter.prompts), f"{secret[:3]}... in a prompt"
    assert len(scenario.secrets) >= 2 * len(HIRES) + 2


def _debug_context(cells: list[tuple[str, str]], secret: str) -> list[str]:
    return [
        cell[max(0, cell.index(secret) - 300) : cell.index(secret) + 80]
        for _t, cell in cells
        if secret in cell
    ]
