"""Run-scoped dependencies of the graph (LangGraph `context_schema`).

Nodes receive these through `Runtime[GraphContext]` rather than globals, so a test, the worker and a
replay each pass their own client, drafter, clock and rollout source.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol

from agents.llm import Drafter
from policies.rollout import DEFAULT_PHASE, Phase
from tools.client import ProcareClient


class RolloutSource(Protocol):
    """Where the phase of a (center, workflow) comes from (Postgres in the service, a dict in tests)."""

    async def phase(self, center_id: str, workflow: str) -> Phase: ...


@dataclass
class StaticRollout:
    """Phases from a mapping `{(center_id, workflow): phase}`; `("*", workflow)` matches every center."""

    phases: dict[tuple[str, str], Phase] = field(default_factory=dict)
    default: Phase = DEFAULT_PHASE

    async def phase(self, center_id: str, workflow: str) -> Phase:
        return self.phases.get((center_id, workflow)) or self.phases.get(("*", workflow)) or self.default


@dataclass
class GraphContext:
    """What every node may use. `today` is passed in, never read from the wall clock inside a node."""

    client: ProcareClient
    drafter: Drafter
    rollout: RolloutSource
    today: date
    credential_windows_days: tuple[int, ...] = (90, 60, 30)
    clock: Callable[[], datetime] = datetime.now
    notifier: Callable[[str], Awaitable[Any]] | None = None
    agent_settings: dict[str, Any] = field(default_factory=dict)
    """Per-agent knobs (`PROCARE_AI_AGENT_SETTINGS`), given to each specialist as `AgentContext.settings`."""
