"""The vocabulary agents speak: events in, findings and proposals out.

These types are shared by every specialist and by the graph's state (graph/state.py composes them), so
an agent can be unit-tested with no graph at all: give it an `Event` and an `AgentContext`, read its
`AgentOutput`. Proposal ids are derived from their content, so re-running an agent on the same data
proposes the same ids and the idempotency keys of `execute` stay stable across retries.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from agents.common.ledger import AlertLedger, MemoryLedger
from policies.rollout import ActionCategory, Phase
from policies.writes import WRITE_ACTIONS
from tools.audit_records import SourceRecord, source_record
from tools.protocols import ProcareReader

if TYPE_CHECKING:
    from agents.common.llm import Drafter
    from tools.models import School

__all__ = [
    "AgentContext",
    "AgentOutput",
    "AgentRunFn",
    "Event",
    "Finding",
    "Proposal",
    "Severity",
    "SourceRecord",
    "source_record",
    "stable_id",
]

Severity = Literal["info", "warning", "critical"]

CENTER_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"
"""A center id: letters, digits, `_`, `.`, `-`; never `:`, the thread id's separator."""
EVENT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.~-]{0,199}$"
"""An event id: URL-safe characters only (RFC 3986 unreserved), so a thread id is a plain path segment."""


class Event(BaseModel):
    """A Procare webhook body, or an internal scheduled scan (`scan.*` types)."""

    model_config = ConfigDict(frozen=True)

    id: str
    type: str
    occurred_at: datetime
    center_id: str
    data: dict[str, Any] = Field(default_factory=dict)


class Finding(BaseModel):
    """Something an agent noticed. Findings are reported in every rollout phase, read_only included."""

    id: str
    workflow: str
    kind: str
    severity: Severity
    summary: str
    staff_ids: list[str] = Field(default_factory=list)
    evidence: dict[str, Any] = Field(default_factory=dict)
    citation: str | None = None
    alert: bool = Field(
        default=False,
        description="Push to the director's alert channels (e.g. Slack) as soon as the run leg ends.",
    )


class Proposal(BaseModel):
    """A write-back an agent suggests: one action request for the director to approve, edit or reject."""

    id: str
    workflow: str
    action: str = Field(description="A name from policies.writes.WRITE_ACTIONS.")
    args: dict[str, Any]
    description: str
    rationale: str
    staff_ids: list[str] = Field(default_factory=list)
    finding_id: str | None = None
    prompt: str | None = Field(default=None, description="The (redacted) prompt that drafted the text.")
    model_output: str | None = Field(default=None, description="The raw model output, before validation.")
    model: str | None = None
    draft_rejection: str | None = Field(
        default=None,
        description="Why the model's draft was refused (policies.drafts); the offline template was used.",
    )
    rejected_output: str | None = Field(default=None, description="The refused model output, verbatim.")
    model_error: str | None = Field(
        default=None,
        description="Why the configured model could not draft (an error, a timeout, or its circuit breaker "
        "open after one); the offline template was used.",
    )
    citation: str | None = None
    context: dict[str, Any] = Field(
        default_factory=dict,
        description="Facts the guardrails need to re-check an edited action (e.g. the credential kind).",
    )

    @property
    def category(self) -> ActionCategory:
        return WRITE_ACTIONS[self.action].category


def stable_id(*parts: object) -> str:
    """A short deterministic id from content: same inputs, same id, on every run and machine."""
    raw = json.dumps(parts, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def event_problem(workflow: str, event: Event, kind: str, summary: str) -> Finding:
    """A warning that the event itself cannot be judged (it names no one, or someone not at its center):
    the director sees why nothing else came of it."""
    return Finding(
        id=stable_id(workflow, kind, event.id),
        workflow=workflow,
        kind=kind,
        severity="warning",
        summary=summary,
        evidence={"event_id": event.id, "event_type": event.type},
    )


class AgentOutput(BaseModel):
    """What one specialist run produced."""

    reads: list[SourceRecord] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    proposals: list[Proposal] = Field(default_factory=list)
    report: str | None = None
    follow_ups: list[Event] = Field(default_factory=list)
    """Internal events to run after this one, on the batch lane (the worker accepts them once the run is
    checkpointed, at most one waiting per center and type): work a live run hands on, e.g. the ratio
    agent's coverage search for predicted windows."""


@dataclass
class AgentContext:
    """Everything an agent may use: a Procare reader, the drafter, the run's date, the phase, its knobs.

    Agents get their dependencies here instead of importing globals, so tests swap any of them. An agent
    is given a reader only: it can read Procare, never write it (writes happen in the graph's `execute`).
    """

    client: ProcareReader
    drafter: Drafter
    as_of: datetime
    """The instant the run judges by (its state's `as_of`); a center's date is `local_date(school)`."""
    phase: Phase = "read_only"
    credential_windows_days: tuple[int, ...] = (90, 60, 30)
    settings: dict[str, Any] = field(default_factory=dict)
    """Per-agent knobs (`PROCARE_AI_AGENT_SETTINGS`, JSON): each workflow reads its own keys."""
    ledger: AlertLedger = field(default_factory=MemoryLedger)
    """The cross-run facts a workflow may ask for (agents.common.ledger: alerts sent, deferred proposals,
    staff room events), shared by every worker; an agent keeps nothing in process memory."""

    def local_date(self, school: School) -> date:
        """The run's date at `school`, in its time zone: after 4 pm in California it is still today there
        although UTC has moved on. Every date an agent judges by comes from here."""
        return local_date(self.as_of, school.timezone)


def local_date(as_of: datetime, timezone: str) -> date:
    """The calendar date of the instant `as_of` in the IANA time zone `timezone` (naive: UTC)."""
    stamp = as_of if as_of.tzinfo is not None else as_of.replace(tzinfo=UTC)
    return stamp.astimezone(ZoneInfo(timezone)).date()


AgentRunFn = Callable[[Event, AgentContext], Awaitable[AgentOutput]]
"""A specialist's entry point: one event in, its findings, proposals, reads and report out."""
