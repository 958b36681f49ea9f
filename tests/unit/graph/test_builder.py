"""The graph's shape and its pure routers (no model, no database)."""

from __future__ import annotations

import ast
from datetime import UTC, datetime
from pathlib import Path

import pytest

from agents.common.types import Event
from graph.builder import build_graph, route_after_gate, route_after_supervisor
from graph.state import GraphState
from graph.supervisor import WORKFLOW_FOR_EVENT, workflow_for

ROOT = Path(__file__).resolve().parents[3]


def state(**over: object) -> GraphState:
    event = Event(
        id="e", type="scan.credentials", occurred_at=datetime(2026, 1, 1, tzinfo=UTC), center_id="S1"
    )
    return GraphState.model_validate({"event": event, **over})


def test_graph_reads_like_the_design_diagram() -> None:
    g = build_graph().get_graph()
    edges = {(e.source, e.target) for e in g.edges}
    for pair in [
        ("__start__", "ingest"),
        ("ingest", "supervisor"),
        ("credentials", "guardrails"),
        ("guardrails", "rollout_gate"),
        ("human_review", "execute"),
        ("execute", "finalize"),
        ("finalize", "__end__"),
    ]:
        assert pair in edges
    assert ("rollout_gate", "human_review") in edges and ("rollout_gate", "finalize") in edges


def test_only_human_review_calls_interrupt() -> None:
    calls = []
    for path in [*(ROOT / "graph").rglob("*.py"), *(ROOT / "agents").rglob("*.py")]:
        tree = ast.parse(path.read_text())
        for fn in ast.walk(tree):
            if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(fn):
                    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "interrupt":
                        calls.append((path.name, fn.name))
    assert calls == [("nodes.py", "human_review")]


def test_routers_are_pure_and_strict() -> None:
    assert route_after_supervisor(state(workflow="credentials")) == "credentials"
    assert route_after_supervisor(state(workflow=None)) == "finalize"
    with pytest.raises(ValueError, match="no such specialist"):
        route_after_supervisor(state(workflow="astrology"))
    assert route_after_gate(state(pending=["p1"])) == "human_review"
    assert route_after_gate(state(pending=[])) == "finalize"


def test_routing_table() -> None:
    assert workflow_for("credential.document_uploaded") == "credentials"
    assert workflow_for("no.such.event") is None
    assert workflow_for("incident.reported") == "incidents"
    assert workflow_for("staff.hired") == workflow_for("document.uploaded") == "onboarding"
    assert set(WORKFLOW_FOR_EVENT.values()) <= {
        "credentials",
        "payroll",
        "ratios",
        "reviews",
        "incidents",
        "onboarding",
        "skills",
    }
    assert workflow_for("skills.mandated_training") == workflow_for("scan.training") == "skills"
