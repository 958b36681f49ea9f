"""Replaying a recorded thread against today's Procare data, writing nothing, and comparing.

The thread's checkpoint gives the trace (graph.trace); the replay reads through the process's Procare
connection but records its writes locally (tools.recording), so a replay can never write twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from graph.state import GraphState
from graph.trace import differences, replay, trace_of
from policies.rbac import Principal
from services.audit import thread_state
from services.context import Services
from tools.recording import RecordingWrites


@dataclass(frozen=True)
class Replayed:
    trace: dict[str, Any]
    again: GraphState
    changed: list[str]
    """State sections that differ from the recording (empty: identical)."""


async def replay_thread(services: Services, principal: Principal, thread_id: str) -> Replayed:
    """Re-drive a visible thread in memory with dry-run writes and say what differs."""
    state = await thread_state(services, principal, thread_id)
    deps = services.deps
    trace = trace_of(state)
    dry = replace(deps, procare=RecordingWrites(deps.procare, clock=deps.clock))
    again = await replay(trace, dry, services.runner.context)
    changed = differences(trace["final"], again.model_dump(mode="json"), dry_run=True)
    return Replayed(trace, again, changed)
