"""Build the procare-ai graph. Reads top to bottom like the diagram in DESIGN.md:

    ingest -> supervisor -> specialist -> guardrails -> rollout_gate -> human_review -> execute -> finalize

(`human_review` loops on itself while a resume value is refused, so the thread stays paused.)

Nothing is created at import time: callers pass the checkpointer; a run's knobs arrive as
`context=GraphContext(...)` and its live dependencies (client, drafter, rollout source, clock) come from
the process's provider (graph.deps).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from agents.common.types import AgentRunFn
from agents.registry import WORKFLOWS
from graph import nodes
from graph.context import GraphContext
from graph.state import GraphInput, GraphState


def route_after_supervisor(state: GraphState) -> str:
    """To the chosen specialist, or straight to finalize when the event has none."""
    if state.workflow is None:
        return "finalize"
    if state.workflow not in WORKFLOWS:
        raise ValueError(f"supervisor chose {state.workflow!r} but no such specialist is registered")
    return state.workflow


def route_after_gate(state: GraphState) -> Literal["human_review", "finalize"]:
    """Any proposal left after guardrails and the rollout gate waits for a director."""
    return "human_review" if state.pending else "finalize"


def route_after_review(state: GraphState) -> Literal["human_review", "execute"]:
    """A refused resume pauses again at human_review (with the reason); accepted decisions go on."""
    return "human_review" if state.review_error is not None else "execute"


def build_graph(
    checkpointer: BaseCheckpointSaver[Any] | None = None,
    *,
    specialists: Mapping[str, AgentRunFn] | None = None,
) -> CompiledStateGraph[GraphState, GraphContext, GraphInput, GraphState]:
    """Compile the graph; `specialists` overrides the registry (tests plug fakes in here)."""
    agents = (
        {name: spec.run for name, spec in WORKFLOWS.items()} if specialists is None else dict(specialists)
    )
    builder = StateGraph(GraphState, input_schema=GraphInput, context_schema=GraphContext)

    builder.add_node("ingest", nodes.ingest)
    builder.add_node("supervisor", nodes.supervisor)
    for name, run in agents.items():
        builder.add_node(name, nodes.specialist_node(run))  # type: ignore[arg-type]
    builder.add_node("guardrails", nodes.guardrails)
    builder.add_node("rollout_gate", nodes.rollout_gate)
    builder.add_node("human_review", nodes.human_review)
    builder.add_node("execute", nodes.execute)
    builder.add_node("finalize", nodes.finalize)

    builder.add_edge(START, "ingest")
    builder.add_edge("ingest", "supervisor")
    builder.add_conditional_edges("supervisor", route_after_supervisor, [*agents, "finalize"])
    for name in agents:
        builder.add_edge(name, "guardrails")
    builder.add_edge("guardrails", "rollout_gate")
    builder.add_conditional_edges("rollout_gate", route_after_gate, ["human_review", "finalize"])
    builder.add_conditional_edges("human_review", route_after_review, ["human_review", "execute"])
    builder.add_edge("execute", "finalize")
    builder.add_edge("finalize", END)

    return builder.compile(checkpointer=checkpointer)
