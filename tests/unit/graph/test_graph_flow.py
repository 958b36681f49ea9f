"""The graph end to end in memory: routing, guardrails, rollout gate, the one interrupt, execute."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from langchain.agents.middleware.human_in_the_loop import HITLRequest
from langgraph.checkpoint.memory import InMemorySaver
from pydantic import TypeAdapter

from agents.common.llm import OfflineDrafter
from agents.common.types import AgentContext, AgentOutput, Event
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from graph.errors import PolicyViolation
from policies.errors import InvalidInput
from procare_ai.settings import Settings
from services.errors import Conflict
from services.runner import GraphRunner
from tests.clock import during
from tests.fakes import FakeProcare, credential, employee

TODAY = date(2026, 11, 2)


def make_runner(fake: FakeProcare, phase: str = "assistive") -> GraphRunner:
    deps = Dependencies(
        procare=fake,
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "credentials"): phase}),  # type: ignore[dict-item]
        clock=lambda: datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
    )
    return GraphRunner(build_graph(InMemorySaver()), GraphContext(as_of=during(TODAY).isoformat()), deps)


def expiring_world() -> FakeProcare:
    fake = FakeProcare(employees=[employee("E1")])
    fake.credentials = [
        credential("E1", "pediatric_cpr_aha", date(2024, 11, 20)),  # AHA: valid through 2026-11-30
        credential("E1", "first_aid_aha", date(2025, 6, 1)),
        credential("E1", "background_check", date(2023, 1, 5)),
    ]
    return fake


def scan(event_id: str = "evt-1") -> Event:
    return Event(
        id=event_id, type="scan.credentials", occurred_at=datetime(2026, 11, 2, tzinfo=UTC), center_id="S1"
    )


async def test_assistive_scan_pauses_with_a_valid_hitl_request() -> None:
    fake = expiring_world()
    outcome = await make_runner(fake).start(scan())
    assert outcome.status == "awaiting_review"
    assert outcome.request is not None
    TypeAdapter(HITLRequest).validate_python(outcome.request)  # LangChain's own schema
    names = [a["name"] for a in outcome.request["action_requests"]]
    assert names == ["send_message", "create_task"]
    assert "2026-11-30" in outcome.request["action_requests"][0]["args"]["body"]
    assert outcome.request["staff_ids"] == ["E1"]
    assert fake.effects == []  # nothing written before approval


async def test_approve_writes_once_and_reject_writes_nothing() -> None:
    fake = expiring_world()
    runner = make_runner(fake)
    first = await runner.start(scan())
    done = await runner.resume(
        first.thread_id,
        {"decisions": [{"type": "approve"}, {"type": "reject", "message": "already booked her class"}]},
        reviewer="dir-1",
    )
    assert done.status == "done"
    assert [name for name, _ in fake.effects] == ["send_message"]
    reject = next(d for d in done.state.decisions if d.type == "reject")
    assert reject.message == "already booked her class" and reject.reviewer == "dir-1"
    assert [r.ok for r in done.state.results] == [True]
    with pytest.raises(Conflict):
        await runner.resume(first.thread_id, {"decisions": [{"type": "approve"}] * 2}, reviewer="dir-1")


async def test_edit_is_revalidated_and_bad_resumes_keep_the_thread_paused() -> None:
    fake = expiring_world()
    runner = make_runner(fake)
    first = await runner.start(scan())
    with pytest.raises(InvalidInput, match="expected 2 decision"):
        await runner.resume(first.thread_id, {"decisions": [{"type": "approve"}]}, reviewer="d")
    with pytest.raises(InvalidInput, match="type must be one of"):
        await runner.resume(
            first.thread_id, {"decisions": [{"type": "maybe"}, {"type": "approve"}]}, reviewer="d"
        )
    pii = {
        "type": "edit",
        "edited_action": {
            "name": "send_message",
            "args": {**first.state.proposals[0].args, "body": "Your SSN 123-45-6789 is on file"},
        },
    }
    with pytest.raises(PolicyViolation, match="personal data"):
        await runner.resume(first.thread_id, {"decisions": [pii, {"type": "approve"}]}, reviewer="d")
    widen = {
        "type": "edit",
        "edited_action": {
            "name": "send_message",
            "args": {**first.state.proposals[0].args, "cc": "everyone"},
        },
    }
    with pytest.raises(PolicyViolation, match="may not write field"):
        await runner.resume(first.thread_id, {"decisions": [widen, {"type": "approve"}]}, reviewer="d")
    assert (await runner.outcome(first.thread_id)).status == "awaiting_review"

    edited_args = {**first.state.proposals[0].args, "body": "Please renew your Pediatric CPR by 2026-11-30."}
    edit = {"type": "edit", "edited_action": {"name": "send_message", "args": edited_args}}
    done = await runner.resume(first.thread_id, {"decisions": [edit, {"type": "reject"}]}, reviewer="d")
    assert fake.effects == [
        ("send_message", {k: edited_args[k] for k in ("school_id", "to_employee_id", "subject", "body")})
    ]
    assert done.state.decisions[0].edited_args == edited_args


async def test_read_only_gives_a_report_and_no_interrupt() -> None:
    fake = expiring_world()
    outcome = await make_runner(fake, phase="read_only").start(scan())
    assert outcome.status == "done"
    assert outcome.state.proposals == [] and outcome.state.pending == []
    assert outcome.state.report and "Pediatric CPR" in outcome.state.report
    assert any(f.kind == "credential_expiring" for f in outcome.state.findings)


async def test_automation_adds_the_status_write_and_rollout_gate_filters_by_phase() -> None:
    fake = expiring_world()
    outcome = await make_runner(fake, phase="automation").start(scan())
    assert outcome.request is not None
    assert [a["name"] for a in outcome.request["action_requests"]] == [
        "send_message",
        "create_task",
        "update_credential",
    ]
    assert outcome.request["action_requests"][2]["args"]["status"] == "renewal_initiated"


async def test_unknown_event_type_ends_cleanly_with_a_finding() -> None:
    fake = expiring_world()
    event = Event(
        id="evt-x", type="mystery.happened", occurred_at=datetime(2026, 11, 2, tzinfo=UTC), center_id="S1"
    )
    outcome = await make_runner(fake).start(event)
    assert outcome.status == "done"
    assert [f.kind for f in outcome.state.findings] == ["unrouted_event"]


async def test_start_twice_is_one_run() -> None:
    fake = expiring_world()
    runner = make_runner(fake)
    a = await runner.start(scan("evt-dup"))
    b = await runner.start(scan("evt-dup"))
    assert a.thread_id == b.thread_id and b.status == "awaiting_review"
    assert len(b.state.proposals) == len(a.state.proposals)


async def test_a_transient_write_failure_is_retried_with_the_same_key_and_lands_once() -> None:
    fake = expiring_world()
    runner = make_runner(fake)
    first = await runner.start(scan())
    fake.fail_writes = True
    failing = await runner.resume(
        first.thread_id, {"decisions": [{"type": "approve"}, {"type": "approve"}]}, reviewer="d"
    )
    assert failing.status == "retrying_writes"  # never `done` while a write may still land
    assert [(r.ok, r.transient, r.attempts) for r in failing.state.results] == [(False, True, 1)] * 2
    assert "write_back_failed" not in {f.kind for f in failing.state.findings}  # not given up yet
    assert (await runner.outcome(first.thread_id)).status == "retrying_writes"
    again = await runner.retry_writes(first.thread_id)
    assert again.status == "retrying_writes" and [r.attempts for r in again.state.results] == [2, 2]
    fake.fail_writes = False
    landed = await runner.retry_writes(first.thread_id)
    assert landed.status == "done"
    assert [(r.ok, r.attempts) for r in landed.state.results] == [(True, 3), (True, 3)]
    keys = [r.idempotency_key for r in landed.state.results]
    assert keys == [r.idempotency_key for r in failing.state.results]
    assert [name for name, _ in fake.effects] == ["send_message", "create_task"]
    with pytest.raises(Conflict, match="no failed write to retry"):
        await runner.retry_writes(first.thread_id)
    assert len(fake.effects) == 2


async def test_past_the_attempt_limit_the_thread_is_failed_and_a_retry_still_lands_once() -> None:
    fake = expiring_world()
    runner = make_runner(fake)
    runner.context = GraphContext(as_of=runner.context.as_of, write_attempts=2)
    first = await runner.start(scan())
    fake.fail_writes = True
    await runner.resume(
        first.thread_id, {"decisions": [{"type": "approve"}, {"type": "reject"}]}, reviewer="d"
    )
    gave_up = await runner.retry_writes(first.thread_id)
    assert gave_up.status == "failed"
    (finding,) = [f for f in gave_up.state.findings if f.kind == "write_back_failed"]
    assert "after 2 tries" in finding.summary and "a director can retry" in finding.summary
    still = await runner.retry_writes(first.thread_id)  # a director's retry past the limit
    assert (
        still.status == "failed"
        and len([f for f in still.state.findings if f.kind == "write_back_failed"]) == 1
    )
    fake.fail_writes = False
    done = await runner.retry_writes(first.thread_id)
    assert done.status == "done" and [name for name, _ in fake.effects] == ["send_message"]


async def test_a_4xx_is_a_permanent_failure_never_retried() -> None:
    fake = expiring_world()
    runner = make_runner(fake)
    first = await runner.start(scan())
    fake.refuse_writes = True
    done = await runner.resume(
        first.thread_id, {"decisions": [{"type": "approve"}, {"type": "approve"}]}, reviewer="d"
    )
    assert done.status == "done"
    assert [(r.ok, r.transient) for r in done.state.results] == [(False, False), (False, False)]
    assert all("422" in (r.error or "") for r in done.state.results)
    assert {f.kind for f in done.state.findings} >= {"write_back_failed"}
    fake.refuse_writes = False
    with pytest.raises(Conflict, match="no failed write to retry"):
        await runner.retry_writes(first.thread_id)
    assert fake.effects == []


async def test_document_upload_proposes_issuer_expiry_and_guardrail_blocks_a_longer_one() -> None:
    fake = expiring_world()
    cpr = fake.credentials[0]
    event = Event(
        id="evt-up",
        type="credential.document_uploaded",
        occurred_at=datetime(2026, 11, 2, tzinfo=UTC),
        center_id="S1",
        data={"credential_id": cpr.credential_id, "issued_on": "2026-11-01"},
    )
    runner = make_runner(fake, phase="automation")
    out = await runner.start(event)
    args = out.request["action_requests"][0]["args"]  # type: ignore[index]
    assert args["expires_on"] == "2028-11-30" and args["status"] == "valid"
    assert any(f.kind == "credential_renewed" and f.evidence["alert_cleared"] for f in out.state.findings)
    too_long = {
        "type": "edit",
        "edited_action": {"name": "update_credential", "args": {**args, "expires_on": "2029-11-30"}},
    }
    with pytest.raises(PolicyViolation, match="later than 2028-11-30"):
        await runner.resume(out.thread_id, {"decisions": [too_long]}, reviewer="d")
    await runner.resume(out.thread_id, {"decisions": [{"type": "approve"}]}, reviewer="d")
    assert fake.credentials[0].expires_on == date(2028, 11, 30)


async def test_agent_settings_reach_every_specialist() -> None:
    seen: list[dict[str, object]] = []

    async def spy(event: Event, ctx: AgentContext) -> AgentOutput:
        seen.append(ctx.settings)
        return AgentOutput()

    fake = expiring_world()
    ctx = GraphContext(as_of=during(TODAY).isoformat(), agent_settings={"payroll_tolerance_minutes": 10})
    deps = Dependencies(procare=fake, drafter=OfflineDrafter(), rollout=StaticRollout())
    runner = GraphRunner(build_graph(InMemorySaver(), specialists={"credentials": spy}), ctx, deps)
    assert (await runner.start(scan("evt-settings"))).status == "done"
    assert seen == [{"payroll_tolerance_minutes": 10}]
    assert Settings(_env_file=None, agent_settings={"a": 1}).agent_settings == {"a": 1}  # type: ignore[call-arg]
