"""The API fuzzed from its own OpenAPI document (schemathesis) on real Postgres, as a real HTTP server.

Every operation gets generated cases, valid and invalid (negative mode), each sent with no token, an
hr_admin token and a director's; webhooks are signed like a Standard Webhooks sender signs them. Then a
stateful run follows the document's links (an approvals page into a thread's review and decisions, a
webhook's thread into its history, a report into marking it filed). Every answer must be documented for
its operation (status and content type), never a 5xx, never a stack trace. The world behind it: two
centers with threads paused for review, agency reports, the fake Procare of tests/fakes.

Cost is kept modest with few examples per operation and short stateful runs; the figures (cases,
seconds) are printed at the end (`-s`).
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
import schemathesis
import uvicorn
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import FlakyStrategyDefinition, Unsatisfiable
from pydantic import SecretStr
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import content_type_conformance, status_code_conformance

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from api.app import create_app
from api.config import ApiConfig
from api.webhook_signature import signed_headers
from checkpoints.db import open_pool
from checkpoints.rollout_store import RolloutStore, set_phase
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies
from services.context import Services
from services.ingest import accept_event
from services.runner import GraphRunner
from services.tokens import create_token
from tests.clock import during
from tests.integration.api.harness import SECRET, TODAY, RecordingEnqueuer, event_body, two_center_world

pytestmark = pytest.mark.integration

EXAMPLES_PER_OPERATION = 15  # per generation mode; each case is sent three times (no token, two roles)
STATEFUL_EXAMPLES = 40
STATEFUL_STEPS = 6
WHO = (None, "hr_admin", "director")
WEBHOOK = ("POST", "/webhooks/procare")
FRAMING_HEADERS = {"content-length", "transfer-encoding", "host", "connection", "expect", "upgrade"}


@dataclass
class LiveApi:
    """The real app served by uvicorn in a thread of its own (its own event loop and pool)."""

    db: str
    port: int = 0
    tokens: dict[str, str] = field(default_factory=dict)
    ready: threading.Event = field(default_factory=threading.Event)
    server: uvicorn.Server | None = None
    error: BaseException | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _main(self) -> None:
        pool = await open_pool(self.db, max_size=8)
        try:
            saver = make_checkpointer(pool)
            await set_phase(pool, "*", "credentials", "assistive", updated_by="tests", at=datetime.now(UTC))
            deps = Dependencies(
                procare=two_center_world(),
                drafter=OfflineDrafter(),
                rollout=RolloutStore(pool),
                clock=lambda: datetime.now(UTC),
            )
            context = GraphContext(as_of=during(TODAY).isoformat())
            runner = GraphRunner(build_graph(saver), context, deps, pool=pool)
            services = Services(
                pool=pool, saver=saver, runner=runner, deps=deps, enqueuer=RecordingEnqueuer()
            )
            now = deps.clock()
            self.tokens = {
                "hr_admin": await create_token(pool, "hr_admin", [], "fuzz-hr", now=now),
                "director": await create_token(pool, "director", ["S1"], "fuzz-director", now=now),
            }
            await self._seed(services, now)
            app = create_app(services, ApiConfig(webhook_secret=SecretStr(SECRET)))
            config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="error", lifespan="off")
            self.server = uvicorn.Server(config)
            serving = asyncio.create_task(self.server.serve())
            while not self.server.started and not serving.done():
                await asyncio.sleep(0.02)
            self.ready.set()
            await serving
        finally:
            await pool.close()

    async def _seed(self, services: Services, now: datetime) -> None:
        """Threads paused for review in both centers, and an agency report in each."""
        for center, employee in (("S1", "E1"), ("S1", "E1"), ("S2", "E2"), ("S2", "E2")):
            event = Event.model_validate(event_body(center=center, employee_id=employee))
            await accept_event(services, event)
            outcome = await services.runner.start(event)
            async with services.pool.connection() as conn:
                await conn.execute(
                    "INSERT INTO licensing_reports (report_id, center_id, incident_id, thread_id, kind, "
                    "agency, citation, timing, due_at, found_at) VALUES (%s, %s, 'I-1', %s, 'licensing', "
                    "'agency', 'cite', 'within 24 hours', %s, %s)",
                    (f"LR-{uuid.uuid4().hex[:8]}", center, outcome.thread_id, now + timedelta(days=1), now),
                )

    def run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # surfaced by the fixture, never swallowed
            self.error = exc
            self.ready.set()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def live_api(fresh_db: str) -> Iterator[LiveApi]:
    live = LiveApi(fresh_db, port=free_port())
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    assert live.ready.wait(120), "the API did not start"
    if live.error is not None:
        raise live.error
    yield live
    assert live.server is not None
    live.server.should_exit = True
    thread.join(30)


@schemathesis.check
def no_stack_trace(ctx: Any, response: Response, case: Any) -> bool | None:
    """An answer never shows a traceback or an exception's internals."""
    text = response.text or ""
    assert "Traceback (most recent call last)" not in text, "stack trace in the answer"
    assert 'File "/' not in text, "source path in the answer"
    return None


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, no_stack_trace]


@dataclass
class Tally:
    cases: int = 0
    by_status: dict[int, int] = field(default_factory=dict)

    def count(self, status: int) -> None:
        self.cases += 1
        self.by_status[status] = self.by_status.get(status, 0) + 1


def headers_for(live: LiveApi, who: str | None) -> dict[str, str]:
    return {} if who is None else {"Authorization": f"Bearer {live.tokens[who]}"}


def send(live: LiveApi, case: Any, who: str | None, session: requests.Session) -> Response:
    """Send a case as a client would; a webhook is signed over the exact bytes sent. Generated headers
    that frame the HTTP message itself (a garbage Content-Length) are dropped: no HTTP server can parse
    such a request, so it is refused (400) before any application sees it."""
    for name in list(case.headers or {}):
        if name.lower() in FRAMING_HEADERS:
            del case.headers[name]
    if (case.method.upper(), case.operation.path) != WEBHOOK:
        return case.call(base_url=live.url, session=session, headers=headers_for(live, who))
    kwargs = case.as_transport_kwargs(base_url=live.url, headers=headers_for(live, who))
    raw = kwargs.pop("data", None)
    if "json" in kwargs:
        raw = json.dumps(kwargs.pop("json")).encode()
    if isinstance(raw, str):
        raw = raw.encode()
    raw = raw or b""
    headers = {
        **kwargs.pop("headers", {}),
        **signed_headers(SECRET, f"msg_{uuid.uuid4().hex}", int(time.time()), raw),
    }
    answer = session.request(kwargs.pop("method"), kwargs.pop("url"), data=raw, headers=headers, timeout=30)
    return Response.from_requests(answer, verify=True)


def test_every_operation_answers_only_what_it_documents(live_api: LiveApi) -> None:
    started = time.monotonic()
    schema = schemathesis.openapi.from_url(f"{live_api.url}/openapi.json")
    tally = Tally()
    session = requests.Session()
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 15, [op.label for op in operations]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES_PER_OPERATION,
                deadline=None,
                database=None,
                derandomize=True,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def fuzz(case: Any) -> None:
                for who in WHO:
                    answer = send(live_api, case, who, session)
                    tally.count(answer.status_code)
                    case.validate_response(answer, checks=CHECKS, headers=headers_for(live_api, who))

            try:
                fuzz()
            except Unsatisfiable:
                # an operation with nothing to get wrong (no parameters, no body) has no negative cases
                assert mode is GenerationMode.NEGATIVE, operation.label

    stateful = run_stateful(schema, live_api, tally, session)
    seconds = time.monotonic() - started
    print(
        f"\nschemathesis: {tally.cases} cases ({stateful} in stateful runs) over {len(operations)} "
        f"operations in {seconds:.0f} s; statuses {dict(sorted(tally.by_status.items()))}"
    )
    assert tally.cases >= 1000
    assert not any(status >= 500 for status in tally.by_status)


def run_stateful(schema: Any, live: LiveApi, tally: Tally, session: requests.Session) -> int:
    """Follow the OpenAPI links: each step is one call, as a caller picked per step."""
    before = tally.cases
    base = schema.as_state_machine()

    class Links(base):  # type: ignore[misc, valid-type]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            self.who = WHO[tally.cases % len(WHO)]  # callers take turns: no token, hr_admin, director
            return {"headers": headers_for(live, self.who)}

        def call(self, case: Any, **kwargs: Any) -> Response:
            answer = send(live, case, self.who, session)
            tally.count(answer.status_code)
            return answer

        def validate_response(self, response: Response, case: Any, **kwargs: Any) -> None:
            try:
                case.validate_response(response, checks=CHECKS, headers=kwargs.get("headers"))
            except Exception as exc:
                failures.append(exc)
                raise

    failures: list[Exception] = []
    try:
        Links.run(
            settings=settings(
                max_examples=STATEFUL_EXAMPLES,
                stateful_step_count=STATEFUL_STEPS,
                deadline=None,
                database=None,
                derandomize=True,
                suppress_health_check=list(HealthCheck),
            )
        )
    except FlakyStrategyDefinition:
        # The server's state moves under the scenarios (decisions take threads off the pending list, a
        # report once filed stays filed), so replaying a prefix can offer other links. That alone is no
        # finding; a check that failed on the way is, and is raised.
        if failures:
            raise failures[0] from None
    assert not failures, failures[0]
    return tally.cases - before
