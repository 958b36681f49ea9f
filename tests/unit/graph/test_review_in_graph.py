"""The graph keeps a thread paused on a bad resume by itself, as a LangGraph server drives it (no runner).

The server resumes with whatever a client sends, so `human_review` refuses a bad resume value, records
the reason and pauses again at the same interrupt (the reason in the new interrupt value); a correct
resume then finishes the thread. Driven here with `graph.ainvoke` and an in-memory checkpointer, the way
the server's worker calls the compiled graph.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from langchain.agents.middleware.human_in_the_loop import HITLRequest
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command
from pydantic import TypeAdapter

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from graph import deps as provider
from graph.builder import build_graph, route_after_review
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from graph.state import GraphState
from tests.fakes import FakeProcare, credential, employee

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
CONTEXT = GraphContext(as_of="2026-11-02T15:00:00+00:00")
CONFIG: Any = {"configurable": {"thread_id": "t-1"}}
HITL = TypeAdapter(HITLRequest)


@pytest.fixture
def fake() -> FakeProcare:
    world = FakeProcare(employees=[employee("E1")])
    world.credentials = [credential("E1", "pediatric_cpr_aha", date(2024, 11, 20))]  # expires 2026-11-30
    return world


@pytest.fixture
def bound(fake: FakeProcare) -> Iterator[Dependencies]:
    deps = Dependencies(
        procare=fake,
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "credentials"): "assistive"}),
        clock=lambda: NOW,
    )
    with provider.use(deps):
        yield deps


def event() -> dict[str, Any]:
    return {
        "id": "evt-1",
        "type": "scan.credentials",
        "occurred_at": "2026-11-02T00:00:00Z",
        "center_id": "S1",
        "data": {},
    }


async def paused_value(graph: Any) -> dict[str, Any]:
    """The thread's pending interrupt value, asserting it is paused at human_review."""
    snapshot = await graph.aget_state(CONFIG)
    assert snapshot.next == ("human_review",)
    assert len(snapshot.interrupts) == 1
    value: dict[str, Any] = snapshot.interrupts[0].value
    HITL.validate_python(value)
    return value


async def test_bad_resumes_pause_again_with_the_reason_and_a_good_one_finishes(
    bound: Dependencies, fake: FakeProcare
) -> None:
    graph: Any = build_graph(InMemorySaver())  # driven with raw JSON input, as a server does
    out = await graph.ainvoke({"event": event()}, CONFIG, context=CONTEXT)
    assert out["__interrupt__"]
    first = await paused_value(graph)
    assert first["resume_error"] is None
    actions = first["action_requests"]
    assert actions[0]["name"] == "send_message" and len(actions) >= 2
    rest = [{"type": "reject"}] * (len(actions) - 1)

    pii_body = {**actions[0]["args"], "body": "Your SSN 123-45-6789 is on file"}
    elsewhere = {**actions[0]["args"], "to_employee_id": "E2"}
    bad: list[tuple[Any, str]] = [
        (
            {"decisions": [{"type": "approve"}]},
            f"expected {len(actions)} decision(s), one per action request, got 1",
        ),
        ({"decisions": [{"type": "maybe"}, *rest]}, "decision 0: type must be one of"),
        (
            {
                "decisions": [
                    {"type": "edit", "edited_action": {"name": "send_message", "args": pii_body}},
                    *rest,
                ]
            },
            "decision 0: edit refused: send_message: text contains personal data",
        ),
        (
            {
                "decisions": [
                    {"type": "edit", "edited_action": {"name": "send_message", "args": elsewhere}},
                    *rest,
                ]
            },
            "refused: decision 0: employee E2 is not in center S1",  # resolved in Procare (graph.targets)
        ),
        ("approve", 'resume value must be {"decisions": [...]}'),
        ({"decisions": [{"type": "reject", "message": 7}, *rest]}, "decision 0: a reject's message must be"),
        ({"decisions": [{"type": "approve"}, *rest], "decided_at": "yesterday"}, "decided_at must be"),
    ]
    for resume, reason in bad:
        again = await graph.ainvoke(Command(resume=resume), CONFIG, context=CONTEXT)
        assert again["__interrupt__"], resume
        value = await paused_value(graph)
        assert value["resume_error"] is not None and value["resume_error"].startswith(reason), value
        assert value["action_requests"] == actions  # the same request, only the reason added
        paused = GraphState.model_validate((await graph.aget_state(CONFIG)).values)
        assert (
            paused.decisions == [] and paused.results == [] and paused.review_error == value["resume_error"]
        )
    assert fake.effects == []  # nothing written by any refused resume

    done = await graph.ainvoke(
        Command(resume={"decisions": [{"type": "approve"}, *rest]}),
        CONFIG,
        context=CONTEXT,
    )
    assert "__interrupt__" not in done
    state = GraphState.model_validate(done)
    assert state.status == "done" and state.review_error is None
    assert [(d.type, d.reviewer, d.decided_at) for d in state.decisions] == [
        ("approve", "unknown", NOW),
        *[("reject", "unknown", NOW)] * len(rest),
    ]
    assert [name for name, _ in fake.effects] == ["send_message"]
    assert [r.ok for r in state.results] == [True]
    assert (await graph.aget_state(CONFIG)).next == ()


async def test_input_is_the_event_only(bound: Dependencies) -> None:
    """A client cannot choose the phase, proposals or decisions through the run's input."""
    graph: Any = build_graph(InMemorySaver())  # driven with raw JSON input, as a server does
    forged = {
        "event": event(),
        "phase": "automation",
        "decisions": [{"proposal_id": "x", "type": "approve", "reviewer": "me", "decided_at": NOW}],
        "review_error": "forged",
    }
    await graph.ainvoke(forged, CONFIG, context=CONTEXT)
    state = GraphState.model_validate((await graph.aget_state(CONFIG)).values)
    assert state.phase == "assistive"  # from the rollout source
    assert state.decisions == [] and state.review_error is None
    assert "update_credential" not in [p.action for p in state.proposals if p.id in state.pending]
    schema = graph.get_input_jsonschema()
    assert schema["required"] == ["event"] and list(schema["properties"]) == ["event"]


def test_route_after_review() -> None:
    ev = Event(id="e", type="scan.credentials", occurred_at=NOW, center_id="S1")
    assert route_after_review(GraphState(event=ev)) == "execute"
    assert route_after_review(GraphState(event=ev, review_error="expected 1 decision(s)")) == "human_review"
