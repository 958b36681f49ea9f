"""Trace export and replay: a thread's run as a JSON file that a test or a developer can re-drive.

A trace holds the event, the run's recorded `as_of` instant, every resume (the director's decisions, as
LangChain decisions with reviewer and time) and the final state. Replaying feeds the same event and resumes
to a fresh in-memory graph; with the Procare answers replayed from a vcrpy cassette the result must equal the
recorded final state, which is how a change to an agent or a policy shows up in review.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from langgraph.checkpoint.memory import InMemorySaver
from langgraph.types import Command

from agents.common.types import Event
from graph import deps as provider
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from graph.serde import make_serializer
from graph.state import Decision, GraphInput, GraphState
from policies.errors import InvalidInput

TRACE_VERSION = 2
"""2: the run's `as_of` instant replaces version 1's process-wide `today`."""
VOLATILE = {"executed_at"}


def resume_of(decisions: list[Decision], proposals_by_id: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the LangChain-format resume value that produced `decisions`."""
    items: list[dict[str, Any]] = []
    for d in decisions:
        if d.type == "approve":
            items.append({"type": "approve"})
        elif d.type == "reject":
            items.append({"type": "reject", **({"message": d.message} if d.message else {})})
        else:
            name = proposals_by_id[d.proposal_id].action
            items.append({"type": "edit", "edited_action": {"name": name, "args": d.edited_args}})
    first = decisions[0] if decisions else None
    return {
        "decisions": items,
        "reviewer": first.reviewer if first else None,
        "decided_at": first.decided_at.isoformat() if first else None,
    }


def trace_of(state: GraphState) -> dict[str, Any]:
    """The trace document of a finished (or paused) thread, with the instant it judged by."""
    if state.as_of is None:
        raise InvalidInput(f"thread {state.thread_id} recorded no as_of (it ran before runs recorded one)")
    resumes = []
    if state.decisions:
        resumes.append(resume_of(state.decisions, {p.id: p for p in state.proposals}))
    return {
        "version": TRACE_VERSION,
        "thread_id": state.thread_id,
        "as_of": state.as_of.isoformat(),
        "event": state.event.model_dump(mode="json"),
        "resumes": resumes,
        "final": state.model_dump(mode="json"),
    }


def load_trace(path: Path) -> dict[str, Any]:
    """Read a trace file, refusing other versions with a clear message."""
    try:
        trace = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise InvalidInput(f"cannot read trace {path}: {exc}") from None
    if trace.get("version") != TRACE_VERSION:
        raise InvalidInput(f"trace {path} has version {trace.get('version')}, expected {TRACE_VERSION}")
    return trace


def normalized(values: dict[str, Any], *, dry_run: bool = False) -> dict[str, Any]:
    """State values without fields that legitimately differ between runs (wall-clock write times).

    With `dry_run`, Procare's answers to writes are dropped too: a replay that records its writes instead
    of sending them cannot have the same answers, only the same writes.
    """
    volatile = VOLATILE | ({"response"} if dry_run else set())

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in volatile}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(values)  # type: ignore[no-any-return]


def differences(recorded: dict[str, Any], replayed: dict[str, Any], *, dry_run: bool = False) -> list[str]:
    """The state sections (findings, proposals, ...) that differ between a recording and its replay."""
    a, b = normalized(recorded, dry_run=dry_run), normalized(replayed, dry_run=dry_run)
    return sorted(key for key in a.keys() | b.keys() if a.get(key) != b.get(key))


async def replay(
    trace: dict[str, Any], deps: Dependencies, context: GraphContext | None = None
) -> GraphState:
    """Re-drive a trace on a fresh in-memory graph with `deps` (whose client may replay a cassette).

    The recorded `as_of` and rollout phase replace the context's and the provider's, so the run sees
    what the original saw, on whatever day it is replayed.
    """
    context = replace(context or GraphContext(), as_of=trace["as_of"])
    final = trace["final"]
    if final.get("workflow"):  # the phase the recorded run had, whatever the center's phase is now
        phases = {(final["event"]["center_id"], final["workflow"]): final["phase"]}
        deps = replace(deps, rollout=StaticRollout(phases))
    graph = build_graph(InMemorySaver(serde=make_serializer()))
    config: Any = {"configurable": {"thread_id": trace["thread_id"]}}
    with provider.use(deps):
        out = await graph.ainvoke(
            GraphInput(event=Event.model_validate(trace["event"])), config, context=context
        )
        for resume in trace["resumes"]:
            value = {**resume, "reviewer": resume.get("reviewer") or "replay"}
            out = await graph.ainvoke(Command(resume=value), config, context=context)
    return GraphState.model_validate({k: v for k, v in out.items() if k in GraphState.model_fields})
