"""`execute` appends a note to the staff record after each approved data write, with its own key."""

from __future__ import annotations

from datetime import UTC, date, datetime

from langgraph.checkpoint.memory import InMemorySaver

from agents.common.llm import OfflineDrafter
from agents.common.types import AgentContext, AgentOutput, Event, Proposal
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from graph.nodes import idempotency_key
from services.runner import GraphRunner
from tests.fakes import FakeProcare, credential, employee
from tools.errors import ProcareUnavailable
from tools.models import StaffNote, StaffNoteCreate

# 03:30 UTC on Dec 2 is still Dec 1 in Chicago (the fake school's zone): the note says the center's date.
AS_OF = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
WALL_CLOCK = datetime(2027, 3, 9, 12, 0, tzinfo=UTC)


def world() -> FakeProcare:
    fake = FakeProcare(employees=[employee("E1"), employee("E2", first_name="Ana")])
    fake.credentials = [credential("E1", "background_check", date(2023, 1, 5), credential_id="CR1")]
    return fake


async def propose(event: Event, ctx: AgentContext) -> AgentOutput:
    """A specialist that proposes one data write and one message (a message changes no staff record)."""
    return AgentOutput(
        proposals=[
            Proposal(
                id="p-cred",
                workflow="credentials",
                action="update_credential",
                args={"credential_id": "CR1", "status": "renewal_initiated"},
                description="Mark the background check renewal as started",
                rationale="expires soon",
                staff_ids=["E1"],
            ),
            Proposal(
                id="p-msg",
                workflow="credentials",
                action="send_message",
                args={"school_id": "S1", "to_employee_id": "E2", "subject": "Hi", "body": "Renew your CPR."},
                description="Remind Ana",
                rationale="expires soon",
                staff_ids=["E2"],
            ),
        ]
    )


def runner(fake: FakeProcare) -> GraphRunner:
    deps = Dependencies(
        procare=fake,
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "credentials"): "automation"}),
        clock=lambda: WALL_CLOCK,
    )
    graph = build_graph(InMemorySaver(), specialists={"credentials": propose})
    return GraphRunner(graph, GraphContext(as_of=AS_OF.isoformat()), deps)


def scan() -> Event:
    return Event(id="evt-notes", type="scan.credentials", occurred_at=AS_OF, center_id="S1")


async def test_an_approved_data_write_appends_one_note_dated_by_the_runs_as_of() -> None:
    fake = world()
    run = runner(fake)
    paused = await run.start(scan())
    done = await run.resume(
        paused.thread_id, {"decisions": [{"type": "approve"}, {"type": "approve"}]}, reviewer="maria"
    )
    assert [name for name, _ in fake.effects] == ["patch_credential", "add_staff_note", "send_message"]
    [note] = fake.notes
    assert note.employee_id == "E1"
    assert note.text == (
        f"Credential status updated via AI audit on 2026-12-01 (approved by maria, thread {done.thread_id})"
    )
    [recorded] = done.state.notes
    assert recorded.ok and recorded.action == "add_staff_note" and recorded.proposal_id == "p-cred"
    write_key = next(r.idempotency_key for r in done.state.results if r.proposal_id == "p-cred")
    assert recorded.idempotency_key == idempotency_key(done.thread_id, "p-cred:note:E1") != write_key
    assert [r.action for r in done.state.results] == ["update_credential", "send_message"]


async def test_a_rejected_or_message_only_decision_writes_no_note() -> None:
    fake = world()
    run = runner(fake)
    paused = await run.start(scan())
    done = await run.resume(
        paused.thread_id,
        {"decisions": [{"type": "reject", "message": "not yet"}, {"type": "approve"}]},
        reviewer="maria",
    )
    assert [name for name, _ in fake.effects] == ["send_message"]
    assert fake.notes == [] and done.state.notes == []


class NotesDown(FakeProcare):
    async def add_staff_note(
        self, employee_id: str, note: StaffNoteCreate, *, idempotency_key: str
    ) -> StaffNote:
        raise ProcareUnavailable(
            "POST /v1/employees/E1/notes failed after 3 attempts (last status 503)",
            method="POST",
            path="/v1/employees/E1/notes",
            status=503,
        )


async def test_a_failed_note_is_recorded_and_reported_while_the_write_stands() -> None:
    base = world()
    fake = NotesDown(employees=base.employees, credentials=base.credentials)
    run = runner(fake)
    paused = await run.start(scan())
    done = await run.resume(
        paused.thread_id, {"decisions": [{"type": "approve"}, {"type": "reject"}]}, reviewer="maria"
    )
    assert done.status == "done" and [r.ok for r in done.state.results] == [True]
    [note] = done.state.notes
    assert not note.ok and "503" in (note.error or "")
    [finding] = [f for f in done.state.findings if f.kind == "staff_note_failed"]
    assert finding.staff_ids == ["E1"] and "2026-12-01" in finding.evidence["text"]
