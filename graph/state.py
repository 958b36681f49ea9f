"""The graph's state: one pydantic model, every field documented, every audit fact in it.

The checkpoint of a thread *is* its audit trail (DESIGN.md "Audit"), so everything the audit must show
lives here: the event, the original Procare data read, findings, proposals with their prompt and model
output, guardrail verdicts, the rollout gate's choice, the reviewer's decisions and the write-back
results. Lists that several nodes extend use an `operator.add` reducer.
"""

from __future__ import annotations

import operator
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, Field

from agents.common.types import Event, Finding, Proposal, SourceRecord
from policies.rollout import Phase

DecisionType = Literal["approve", "edit", "reject"]

ThreadStatus = Literal["running", "awaiting_review", "retrying_writes", "done", "failed"]
"""The one status vocabulary of a thread (DESIGN.md "Time and status"), shared by the state, the runner,
the audit index, the API and the CLI, which all import it from here:

- `running`: a leg is under way (the agent reads and proposes, or an approved decision is executing);
- `awaiting_review`: paused at `human_review` until a director decides;
- `retrying_writes`: decided, but a write-back failed transiently and is retried with the same key;
- `done`: finished (write-backs that failed for good are findings and results, not a status);
- `failed`: the run could not finish (its job gave up)."""
THREAD_STATUSES: tuple[ThreadStatus, ...] = get_args(ThreadStatus)


class Verdict(BaseModel):
    """The guardrails' judgement of one proposal (and of its edited form after review)."""

    proposal_id: str
    allowed: bool
    stage: Literal["proposal", "edit", "rollout"]
    reasons: list[str] = Field(default_factory=list)


def _in_utc(value: datetime) -> datetime:
    # An instant of the audit is stored and served in UTC with its offset; the product clock is UTC, so
    # an offset-less value (a checkpoint from an older build) is UTC too.
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


UtcInstant = Annotated[datetime, AfterValidator(_in_utc)]
"""A datetime always held in UTC with its offset (what `decided_at` and `executed_at` are)."""


class Decision(BaseModel):
    """A director's decision on one action request: who, when, what."""

    proposal_id: str
    type: DecisionType
    reviewer: str
    decided_at: UtcInstant
    message: str | None = None
    edited_args: dict[str, Any] | None = None


class WriteResult(BaseModel):
    """The outcome of one approved write-back, with the idempotency key that made it safe to retry."""

    proposal_id: str
    action: str
    idempotency_key: str
    ok: bool
    response: dict[str, Any] | None = None
    error: str | None = None
    executed_at: UtcInstant
    staff_ids: list[str] = Field(default_factory=list)
    """The Procare staff the write touched, as resolved at execute (graph.targets): what an edit really
    wrote to, so the affected person's audit shows it."""
    transient: bool = False
    """A failure Procare may not repeat (5xx, 429, a timeout, no connection): the write is retried with
    the same key, by the job queue and then by a director. False for a success and for a permanent
    failure (a 4xx, the write allow-list), which a retry would only repeat."""
    attempts: int = 1
    """How many times `execute` has tried this write (each try includes the client's own retries)."""

    @property
    def retryable(self) -> bool:
        """Failed, but worth trying again with the same idempotency key."""
        return not self.ok and self.transient


class GraphInput(BaseModel):
    """What a run is started with (the graph's input schema): the event, nothing else.

    A LangGraph server or Studio client sends `{"event": {...}}`; any other key (a phase, proposals,
    decisions) is not input and is dropped, so a client cannot choose what the graph decides.
    """

    event: Event
    """The Procare webhook body or scheduled scan to run."""


class GraphState(BaseModel):
    """State of one graph run (one thread): an event, what was read and proposed, and what happened."""

    event: Event
    """The Procare webhook or scheduled scan that started the run."""
    thread_id: str = ""
    """Derived from the event (see services.runner.thread_id_for); also the checkpoint thread id."""
    as_of: datetime | None = None
    """The instant this run judges by, recorded by `ingest` when it starts (graph.deps.Dependencies.as_of:
    a scan's scheduled instant, else the clock; a replay: the recorded one). Agents take each center's
    local date from it and the school's time zone, so a long-lived worker never judges by its start day."""
    workflow: str | None = None
    """The specialist chosen by the supervisor, or None when no specialist handles the event type."""
    phase: Phase = "read_only"
    """Rollout phase of (center, workflow), read by `ingest` and frozen for the run."""
    reads: Annotated[list[SourceRecord], operator.add] = Field(default_factory=list)
    """Original Procare data the agent read, verbatim (PII included: checkpoints are access-controlled)."""
    findings: Annotated[list[Finding], operator.add] = Field(default_factory=list)
    """Everything noticed, in every phase; failures of write-backs are added here too."""
    proposals: list[Proposal] = Field(default_factory=list)
    """Write-backs the agent suggested, before guardrails."""
    verdicts: Annotated[list[Verdict], operator.add] = Field(default_factory=list)
    """Guardrail and rollout judgements of proposals and of edited actions."""
    pending: list[str] = Field(default_factory=list)
    """Ids of proposals that passed guardrails and the rollout gate: the action requests for review."""
    decisions: list[Decision] = Field(default_factory=list)
    """One per action request, recorded by human_review from the resume value."""
    review_error: str | None = None
    """Why the last resume value was refused (wrong count, unknown type, an edit breaking a policy), shown
    in the next interrupt value; None once a resume is accepted. Only a client that resumes the graph
    directly (a LangGraph server) can send a bad one: the runner refuses it before resuming."""
    results: list[WriteResult] = Field(default_factory=list)
    """Outcome of every approved write-back."""
    notes: list[WriteResult] = Field(default_factory=list)
    """The notes `execute` appended to staff records after data write-backs (action `add_staff_note`,
    one per staff record changed, each with its own idempotency key), successful or not."""
    report: str | None = None
    """The agent's human-readable report (e.g. the credential-gap report in read_only)."""
    follow_ups: list[Event] = Field(default_factory=list)
    """Internal events the agent handed on (`AgentOutput.follow_ups`): the worker accepts them after the
    run (services.follow_ups), each a thread of its own on the batch lane."""
    status: ThreadStatus = "running"
    """Where the run stands (`ThreadStatus`): `awaiting_review` from the rollout gate to the decision,
    `done` after finalize."""
