"""Request and response models of the HTTP API (row models live next to their stores in checkpoints/)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from agents.types import Finding, Proposal, SourceRecord
from graph.state import Decision, Verdict, WriteResult
from policies.rollout import Phase, Workflow


class ErrorOut(BaseModel):
    """Every error answer."""

    error: str = Field(description="A stable machine code, e.g. not_found, conflict, policy_violation.")
    message: str = Field(description="What went wrong and what to do, for a human.")
    fields: list[dict[str, str]] | None = Field(
        default=None, description="For 422: each wrong field and why."
    )


class WebhookBody(BaseModel):
    """A Procare webhook body (DESIGN.md "Webhooks"); unknown event types are accepted."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=200)
    type: str = Field(min_length=1, max_length=100)
    occurred_at: AwareDatetime = Field(description="RFC 3339 with a UTC offset.")
    center_id: str = Field(min_length=1, max_length=100)
    data: dict[str, Any] = Field(default_factory=dict)


class IngestOut(BaseModel):
    event_id: str
    thread_id: str
    duplicate: bool = Field(description="True when this event id was already received: nothing new started.")


class ActionSummary(BaseModel):
    name: str
    description: str


class ApprovalSummary(BaseModel):
    """One pending interrupt in the caller's centers."""

    thread_id: str
    center_id: str
    workflow: str | None
    event_id: str
    event_type: str
    waiting_since: datetime
    staff_ids: list[str]
    actions: list[ActionSummary]


class ApprovalDetail(BaseModel):
    """A thread's review request and everything a director needs to judge it."""

    thread_id: str
    center_id: str
    workflow: str | None
    status: str = Field(description="awaiting_review, running or done.")
    request: dict[str, Any] | None = Field(
        description="The HITL request (LangChain v1: action_requests, review_configs, plus project keys); "
        "null once decided."
    )
    proposals: list[Proposal] = Field(
        description="Pending proposals with rationale, citation, prompt, model output."
    )
    reads: list[SourceRecord] = Field(description="The original Procare data the agent read.")
    findings: list[Finding]
    verdicts: list[Verdict]
    decisions: list[Decision]
    results: list[WriteResult]
    report: str | None


class ApproveDecision(BaseModel):
    type: Literal["approve"]


class EditedAction(BaseModel):
    name: str
    args: dict[str, Any]


class EditDecision(BaseModel):
    type: Literal["edit"]
    edited_action: EditedAction


class RejectDecision(BaseModel):
    type: Literal["reject"]
    message: str | None = None


DecisionIn = Annotated[ApproveDecision | EditDecision | RejectDecision, Field(discriminator="type")]


class DecisionsIn(BaseModel):
    """LangChain v1 HITL resume: one decision per action request, in order."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"decisions": [{"type": "approve"}, {"type": "reject", "message": "done"}]}]
        }
    )

    decisions: list[DecisionIn]


class OutcomeOut(BaseModel):
    """Where the thread stands after the decision."""

    thread_id: str
    status: str
    decisions: list[Decision]
    results: list[WriteResult]
    findings: list[Finding]


class HistoryItem(BaseModel):
    """One checkpoint of a thread, newest first."""

    checkpoint_id: str
    created_at: str | None
    step: int | None
    source: str | None
    node: str | None = Field(description="The node(s) whose writes produced this checkpoint.")
    next: list[str]
    interrupted: bool
    values: dict[str, Any] = Field(description="A summary: status, workflow, phase and counts, not the PII.")


class RolloutOut(BaseModel):
    default_phase: Phase
    phases: list[RolloutRowOut]


class RolloutRowOut(BaseModel):
    center_id: str
    workflow: str
    phase: Phase
    updated_at: datetime
    updated_by: str


class RolloutIn(BaseModel):
    center_id: str = Field(min_length=1, description="A center id, or '*' for the default of every center.")
    workflow: Workflow
    phase: Phase


class HealthOut(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["up", "down"]
    message: str | None = None


RolloutOut.model_rebuild()
