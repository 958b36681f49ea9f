"""One status vocabulary (DESIGN.md "Time and status"), the same word in the state, the runner, the API's
models, the metrics and the CLI's lines, and a paused thread that says `awaiting_review` everywhere."""

from __future__ import annotations

import typing
from datetime import UTC, date, datetime

from langgraph.checkpoint.memory import InMemorySaver

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from api import responses
from api.metrics import ServiceMetrics
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from graph.state import THREAD_STATUSES, GraphState, ThreadStatus
from procare_ai.cli.app import outcome_line
from services.operations import Counts
from services.runner import GraphRunner, RunOutcome
from tests.fakes import FakeProcare, credential, employee

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def test_the_vocabulary_is_the_designs_five_words() -> None:
    assert THREAD_STATUSES == ("running", "awaiting_review", "retrying_writes", "done", "failed")
    assert typing.get_args(GraphState.model_fields["status"].annotation) == THREAD_STATUSES
    hints = typing.get_type_hints(RunOutcome)
    assert hints["status"] is ThreadStatus


def test_api_models_speak_the_same_vocabulary() -> None:
    for model in (responses.ApprovalDetail, responses.OutcomeOut, responses.AuditEntryOut):
        assert typing.get_args(model.model_fields["status"].annotation) == THREAD_STATUSES, model


def test_metrics_export_every_status_even_at_zero() -> None:
    metrics = ServiceMetrics()
    text = metrics.render(Counts(threads={"awaiting_review": 2}, jobs={})).decode()
    for status in THREAD_STATUSES:
        assert f'procare_ai_threads{{status="{status}"}}' in text


def _runner(fake: FakeProcare) -> GraphRunner:
    deps = Dependencies(
        procare=fake,
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "credentials"): "assistive"}),
        clock=lambda: NOW,
    )
    return GraphRunner(build_graph(InMemorySaver()), GraphContext(), deps)


def _expiring() -> FakeProcare:
    fake = FakeProcare(employees=[employee("E1")])
    fake.credentials = [
        credential("E1", "pediatric_cpr_aha", date(2024, 11, 20)),  # AHA: valid through 2026-11-30
        credential("E1", "first_aid_aha", date(2025, 6, 1)),
        credential("E1", "background_check", date(2023, 1, 5)),
    ]
    return fake


SCAN = Event(id="evt-status", type="scan.credentials", occurred_at=NOW, center_id="S1")


async def test_a_paused_thread_is_awaiting_review_in_its_state_and_in_the_runner() -> None:
    runner = _runner(_expiring())
    paused = await runner.start(SCAN)
    assert paused.status == "awaiting_review" and paused.state.status == "awaiting_review"
    again = await runner.outcome(paused.thread_id)  # read back from the checkpoint
    assert again.status == "awaiting_review" and again.state.status == "awaiting_review"
    assert outcome_line(paused) == f"{paused.thread_id}: awaiting_review (2 findings; 2 awaiting approval)"

    done = await runner.resume(
        paused.thread_id,
        {"decisions": [{"type": "approve"}, {"type": "reject", "message": "booked"}]},
        reviewer="d",
    )
    assert done.status == "done" and done.state.status == "done"
    # Truthful after the decision: nothing is "awaiting approval" any more; what was decided and written.
    assert outcome_line(done) == f"{done.thread_id}: done (2 findings; 1 approved, 1 rejected; 1 written)"


async def test_a_run_with_nothing_to_review_is_done_and_never_claims_to_wait() -> None:
    fake = FakeProcare(employees=[employee("E1")])
    fake.credentials = [
        credential("E1", "pediatric_cpr_aha", date(2026, 6, 1)),
        credential("E1", "first_aid_aha", date(2026, 6, 1)),
        credential("E1", "background_check", date(2025, 1, 5)),
    ]
    outcome = await _runner(fake).start(SCAN)
    assert outcome.status == "done" and outcome.state.status == "done" and outcome.request is None
    assert "awaiting approval" not in outcome_line(outcome)


def test_a_failed_write_is_counted_as_not_written() -> None:
    state = GraphState.model_validate(
        {
            "event": SCAN.model_dump(),
            "status": "done",
            "decisions": [
                {"proposal_id": "p1", "type": "approve", "reviewer": "d", "decided_at": NOW},
                {"proposal_id": "p2", "type": "edit", "reviewer": "d", "decided_at": NOW, "edited_args": {}},
            ],
            "results": [
                {
                    "proposal_id": "p1",
                    "action": "send_message",
                    "idempotency_key": "k1",
                    "ok": True,
                    "executed_at": NOW,
                },
                {
                    "proposal_id": "p2",
                    "action": "create_task",
                    "idempotency_key": "k2",
                    "ok": False,
                    "error": "404",
                    "executed_at": NOW,
                },
            ],
        }
    )
    line = outcome_line(RunOutcome("t1", "done", state))
    assert line == "t1: done (0 findings; 1 approved, 1 edited; 1 written, 1 not written)"
