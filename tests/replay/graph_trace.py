"""The recorded graph run the replay test re-drives: a credentials scan of one center in automation phase.

`tests/record_traces.py` runs it against a live sandbox under a recording cassette and writes the trace
file; `test_trace_replay.py` re-drives the trace from the cassette with no sandbox running.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from sandbox.generator import school_id_for
from tests.replay.client_scenarios import CASSETTES, FROZEN_NOW
from tools.client import ProcareClient

TRACE = Path(__file__).resolve().parents[1] / "traces" / "credentials_scan.json"
CASSETTE = CASSETTES / "graph_credentials_scan.yaml"
CENTER = school_id_for(0)
EVENT = Event(
    id="evt-replay-credentials-1",
    type="scan.credentials",
    occurred_at=datetime(2026, 11, 2, 14, 0, tzinfo=UTC),  # 06:00 in Los Angeles: the daily scan time
    center_id=CENTER,
)


def decisions_for(request: dict[str, Any]) -> dict[str, Any]:
    """Approve the first action, edit the second if it is a task, reject the rest: every decision type."""
    items: list[dict[str, Any]] = []
    for index, action in enumerate(request["action_requests"]):
        if index == 0:
            items.append({"type": "approve"})
        elif index == 1 and action["name"] == "create_task":
            args = {**action["args"], "title": "Recorded edit: " + action["args"]["title"]}
            items.append({"type": "edit", "edited_action": {"name": "create_task", "args": args}})
        else:
            items.append({"type": "reject", "message": "recorded rejection"})
    return {"decisions": items, "decided_at": FROZEN_NOW.isoformat()}


CONTEXT = GraphContext()
"""No pinned instant: the scan's run records its own `as_of` (its scheduled instant), which the trace keeps
and the replay uses."""


def graph_deps(client: ProcareClient) -> Dependencies:
    return Dependencies(
        procare=client,
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "credentials"): "automation"}),
        clock=lambda: FROZEN_NOW,
    )
