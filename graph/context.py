"""The run context of the graph (LangGraph `context_schema`): JSON-serialisable knobs only.

A LangGraph server builds it from a run request, so it holds data, never live objects: those (client,
drafter, rollout source, clock, notifier) come from the process's dependency provider (graph.deps).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(kw_only=True)
class GraphContext:
    """What a run may be told besides its event."""

    as_of: str | None = field(
        default=None,
        metadata={
            "description": "RFC 3339 instant the run judges by (a replay's recorded as_of); unset: the "
            "run's own start (a scan: its scheduled instant), recorded in its state. Each center's date "
            "is taken from it in the center's time zone."
        },
    )
    credential_windows_days: list[int] = field(
        default_factory=lambda: [90, 60, 30],
        metadata={"description": "Days before expiry at which a credential is flagged."},
    )
    agent_settings: dict[str, Any] = field(
        default_factory=dict,
        metadata={
            "description": "Per-agent knobs (PROCARE_AI_AGENT_SETTINGS), given to each specialist as "
            "AgentContext.settings; keys are documented in each agent."
        },
    )
    write_attempts: int = field(
        default=6,
        metadata={
            "description": "How many times a write that fails transiently (5xx, 429, timeout, no "
            "connection) is tried by the job queue before the thread is `failed` and waits for a "
            "director's retry (PROCARE_AI_WRITE_ATTEMPTS)."
        },
    )
