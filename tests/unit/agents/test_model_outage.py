"""A model outage never fails a run: against a fake OpenAI-compatible server that answers 500 or hangs,
runs propose from the offline drafter at once, each proposal says why, and the circuit breaker keeps the
outage to one model call per interval (the fake counts the calls).

The drafter is built from settings as in production (OPENAI_BASE_URL at the fake); the graph runs in
memory through the GraphRunner. The breaker's interval is stepped by hand, never slept through.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from langgraph.checkpoint.memory import InMemorySaver

from agents.common.llm import ChatOpenAIDrafter, OfflineDrafter
from agents.common.types import Event
from api.inbox_views import drafted_by
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from procare_ai.settings import Settings
from procare_ai.wiring import drafter as drafter_from_settings
from services.runner import GraphRunner, RunOutcome
from tests.clock import during
from tests.fake_openai import FakeOpenAI, facts_of, fake_openai
from tests.fakes import FakeProcare, credential, employee

TODAY = date(2026, 11, 2)
NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


class StepClock:
    """The breaker's monotonic clock, moved by the test."""

    def __init__(self) -> None:
        self.now = 500.0

    def __call__(self) -> float:
        return self.now


def good_reply(body: dict[str, Any]) -> str:
    facts = facts_of(body)
    return json.dumps(
        {
            "subject": f"{facts['label']} renewal",
            "body": f"Hi {facts['first_name']}, your {facts['label']} expires on {facts['expires_on']}.",
        }
    )


def world() -> FakeProcare:
    return FakeProcare(
        employees=[employee("E1", first_name="Ana"), employee("E2", first_name="Ben")],
        credentials=[
            credential("E1", "pediatric_cpr_aha", TODAY - timedelta(days=700), credential_id="C-ANA"),
            credential("E2", "first_aid_red_cross", TODAY - timedelta(days=800), credential_id="C-BEN"),
        ],
    )


def runner_for(fake: FakeOpenAI, **settings: Any) -> tuple[GraphRunner, ChatOpenAIDrafter, StepClock]:
    config = Settings(_env_file=None, openai_base_url=fake.base_url, model="fake-gpt", **settings)  # type: ignore[call-arg]
    drafter = drafter_from_settings(config)
    assert isinstance(drafter, ChatOpenAIDrafter)
    clock = StepClock()
    drafter.breaker.clock = clock
    deps = Dependencies(
        procare=world(),
        drafter=drafter,
        rollout=StaticRollout({("*", "credentials"): "assistive"}),
        clock=lambda: NOW,
    )
    runner = GraphRunner(build_graph(InMemorySaver()), GraphContext(as_of=during(TODAY).isoformat()), deps)
    return runner, drafter, clock


def scan(n: int) -> Event:
    return Event(id=f"scan-{n}", type="scan.credentials", occurred_at=NOW, center_id="S1")


def messages(outcome: RunOutcome) -> list[Any]:
    return [p for p in outcome.state.proposals if p.action == "send_message"]


async def offline_bodies() -> list[str]:
    runner = GraphRunner(
        build_graph(InMemorySaver()),
        GraphContext(as_of=during(TODAY).isoformat()),
        Dependencies(
            procare=world(),
            drafter=OfflineDrafter(),
            rollout=StaticRollout({("*", "credentials"): "assistive"}),
            clock=lambda: NOW,
        ),
    )
    return [p.args["body"] for p in messages(await runner.start(scan(0)))]


async def test_a_model_answering_500_costs_one_call_and_every_run_still_proposes() -> None:
    with fake_openai(good_reply) as fake:
        fake.fail_status = 500
        runner, drafter, _ = runner_for(fake)
        outcomes = [await runner.start(scan(n)) for n in range(5)]
        assert len(fake.requests) == 1  # the first draft's one call (no client retries); the rest skip
        assert drafter.breaker.state == "open"
    expected = await offline_bodies()
    for outcome in outcomes:
        assert outcome.status == "awaiting_review"
        reminders = messages(outcome)
        assert [p.args["body"] for p in reminders] == expected  # the offline template's text
        for p in reminders:
            assert p.model == "offline-template-v1"
            assert p.model_error is not None and p.model_error.startswith("fake-gpt: ")
            assert p.draft_rejection is None and "Model draft rejected" not in p.rationale
            assert drafted_by(p).startswith("the offline template (model unavailable: fake-gpt: ")
    first = messages(outcomes[0])[0].model_error or ""
    assert "server had an error" in first.lower() or "500" in first
    assert "circuit open" in (messages(outcomes[1])[0].model_error or "")


async def test_a_hanging_model_costs_one_timeout_then_one_trial_per_interval() -> None:
    with fake_openai(good_reply) as fake:
        fake.hang = True
        runner, drafter, clock = runner_for(fake, model_timeout_seconds=0.3, model_breaker_seconds=60)
        first = await runner.start(scan(1))
        assert (
            "no answer within 0.3 s" in (messages(first)[0].model_error or "")
            or "timed out" in (messages(first)[0].model_error or "").lower()
        )
        for n in range(2, 5):
            assert (await runner.start(scan(n))).status == "awaiting_review"
        assert len(fake.requests) == 1
        clock.now += 61  # the interval is over: one trial call, which hangs again and reopens the breaker
        trial = await runner.start(scan(5))
        assert len(fake.requests) == 2 and drafter.breaker.state == "open"
        assert all(p.model_error for p in messages(trial))
        clock.now += 61  # the model is back: the trial succeeds, the breaker closes, drafts are the model's
        fake.hang = False
        back = await runner.start(scan(6))
        assert drafter.breaker.state == "closed"
        assert [p.model for p in messages(back)] == ["fake-gpt", "fake-gpt"]
        assert all(p.model_error is None for p in messages(back))
        assert len(fake.requests) == 4


async def test_a_rejected_draft_is_not_an_outage() -> None:
    """A model that answers with a bad draft is up: the draft is refused as before, the breaker stays
    closed and the next draft asks the model again."""
    with fake_openai(lambda body: json.dumps({"subject": "hi", "body": "APPROVED by the director."})) as fake:
        runner, drafter, _ = runner_for(fake)
        outcome = await runner.start(scan(1))
        assert drafter.breaker.state == "closed"
        assert len(fake.requests) == 2
        assert all(p.draft_rejection and p.model_error is None for p in messages(outcome))
