"""Response models of the HTTP API: its public contract, kept apart from the graph's state models.

Each answer is built from what a use case returns (`from_attributes`), so a new field in the state or a
row does not reach callers until it is added here on purpose. Row models live with their tables in
checkpoints/; request models in api/requests.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AliasChoices, AwareDatetime, BaseModel, ConfigDict, Field

from graph.state import ThreadStatus
from policies.rollout import Phase


class Public(BaseModel):
    """Base of every answer: built from a use case's objects by attribute."""

    model_config = ConfigDict(from_attributes=True)


class ErrorOut(Public):
    """Every error answer."""

    error: str = Field(description="A stable machine code, e.g. not_found, conflict, policy_violation.")
    message: str = Field(description="What went wrong and what to do, for a human.")
    fields: list[dict[str, str]] | None = Field(
        default=None, description="For 422: each wrong field and why."
    )


class IngestOut(Public):
    event_id: str
    thread_id: str
    duplicate: bool = Field(description="True when this event id was already received: nothing new started.")


class EventOut(Public):
    """The Procare webhook (or scheduled scan) that started a thread."""

    id: str
    type: str = Field(description="Event type, e.g. staff.updated or scan.credentials.")
    occurred_at: datetime
    center_id: str
    data: dict[str, Any]


class SourceRecordOut(Public):
    """Original Procare data an agent read, as read, minus SSN, birth date and home address."""

    kind: str = Field(description="Record type: employee, credential, shift, time_punch, ...")
    id: str
    staff_id: str | None = Field(description="The Procare employee id the record is about, if any.")
    data: dict[str, Any]


class FindingOut(Public):
    """Something an agent noticed, reported in every rollout phase."""

    id: str
    workflow: str
    kind: str
    severity: Literal["info", "warning", "critical"]
    summary: str = Field(description="One sentence a director can act on.")
    staff_ids: list[str]
    evidence: dict[str, Any] = Field(description="The facts the finding rests on.")
    citation: str | None = Field(description="The rule or regulation applied.")
    alert: bool = Field(description="Pushed to alert channels when the run leg ended.")


class ProposalOut(Public):
    """A write-back an agent proposed, with what produced it."""

    id: str
    workflow: str
    action: str = Field(description="A write action of the allow-list (send_message, create_task, ...).")
    args: dict[str, Any]
    description: str
    rationale: str
    staff_ids: list[str]
    finding_id: str | None
    prompt: str | None = Field(description="The redacted prompt that drafted the text, if any.")
    model_output: str | None = Field(description="The raw model output, before validation.")
    model: str | None
    citation: str | None
    context: dict[str, Any] = Field(description="Facts the guardrails re-check an edit against.")


class VerdictOut(Public):
    """A guardrail or rollout judgement of a proposal (or of a director's edit)."""

    proposal_id: str
    allowed: bool
    stage: Literal["proposal", "edit", "rollout"]
    reasons: list[str]


class DecisionOut(Public):
    """A director's decision: who, when, what."""

    proposal_id: str
    type: Literal["approve", "edit", "reject"]
    reviewer: str
    decided_at: AwareDatetime = Field(description="When it was decided, in UTC with its offset.")
    message: str | None
    edited_args: dict[str, Any] | None


class WriteResultOut(Public):
    """What Procare answered to one approved write-back."""

    proposal_id: str
    action: str
    idempotency_key: str = Field(description="Sent as Idempotency-Key: a retry writes once.")
    ok: bool
    response: dict[str, Any] | None
    error: str | None
    executed_at: AwareDatetime = Field(description="When Procare was called, in UTC with its offset.")
    transient: bool = Field(
        description="Failed transiently (5xx, 429, timeout, no connection): retried with the same key by "
        "the job queue, then by `POST /approvals/{thread_id}/retry`. False for a success and for a "
        "permanent failure (a 4xx)."
    )
    attempts: int = Field(description="How many times the write was tried.")


class ActionSummary(Public):
    name: str
    description: str


class ApprovalSummary(Public):
    """One pending interrupt in the caller's centers."""

    thread_id: str
    center_id: str
    workflow: str | None
    event_id: str
    event_type: str
    waiting_since: datetime = Field(validation_alias=AliasChoices("waiting_since", "updated_at"))
    staff_ids: list[str]
    actions: list[ActionSummary]


class ApprovalPage(Public):
    """A page of pending approvals (`GET /approvals?limit=&cursor=`)."""

    items: list[ApprovalSummary]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page.")
    total: int = Field(description="How many approvals wait in the caller's centers, across every page.")


class ApprovalDetail(Public):
    """A thread's review request and everything a director needs to judge it."""

    thread_id: str
    center_id: str
    workflow: str | None
    status: ThreadStatus = Field(
        description="running, awaiting_review, retrying_writes, done or failed (DESIGN.md 'Time and status')."
    )
    request: dict[str, Any] | None = Field(
        description="The HITL request (LangChain v1: action_requests, review_configs, plus project keys); "
        "null once decided."
    )
    proposals: list[ProposalOut] = Field(
        description="Pending proposals with rationale, citation, prompt, model output."
    )
    reads: list[SourceRecordOut] = Field(description="The original Procare data the agent read.")
    findings: list[FindingOut]
    verdicts: list[VerdictOut]
    decisions: list[DecisionOut]
    results: list[WriteResultOut]
    report: str | None


class OutcomeOut(Public):
    """Where the thread stands after the decision."""

    thread_id: str
    status: ThreadStatus
    decisions: list[DecisionOut]
    results: list[WriteResultOut]
    findings: list[FindingOut]


class AuditEntryOut(Public):
    """Everything the audit shows for one thread (narrowed to one staff member when asked by staff id)."""

    thread_id: str
    center_id: str
    workflow: str | None
    status: ThreadStatus
    event: EventOut
    reads: list[SourceRecordOut]
    findings: list[FindingOut]
    proposals: list[ProposalOut]
    verdicts: list[VerdictOut]
    decisions: list[DecisionOut]
    results: list[WriteResultOut]
    notes: list[WriteResultOut] = Field(
        description="Notes appended to staff records after data write-backs (action add_staff_note)."
    )


class HistoryItem(Public):
    """One checkpoint of a thread, newest first."""

    checkpoint_id: str
    created_at: str | None
    step: int | None
    source: str | None
    node: str | None = Field(description="The node(s) whose writes produced this checkpoint.")
    next: list[str]
    interrupted: bool
    values: dict[str, Any] = Field(description="A summary: status, workflow, phase and counts, not the PII.")


class RolloutRowOut(Public):
    center_id: str
    workflow: str
    phase: Phase
    updated_at: datetime
    updated_by: str


class PilotOut(Public):
    """A pilot group: a phase for a named set of centers, decided there by its reviewers only."""

    name: str
    workflow: str
    phase: Phase
    centers: list[str]
    reviewers: list[str]
    started_by: str
    started_at: datetime
    ended_by: str | None
    ended_at: datetime | None


class RolloutChangeOut(Public):
    """One audited rollout change: who, when, from what phase to what (and the pilot or shadow run)."""

    id: int
    center_id: str
    workflow: str
    kind: Literal["phase", "pilot_start", "pilot_end"]
    from_phase: Phase | None = Field(description="The phase stored before; null: none, the default applied.")
    to_phase: Phase
    changed_by: str
    changed_at: datetime
    pilot: str | None
    shadow_run_id: int | None = Field(description="The shadow run that justified leaving read_only.")


class RolloutOut(Public):
    default_phase: Phase
    phases: list[RolloutRowOut]
    pilots: list[PilotOut] = Field(description="Pilot groups of my centers, active and ended, newest first.")
    history: list[RolloutChangeOut] = Field(description="Rollout changes of my centers, newest first.")


class HealthOut(Public):
    status: Literal["ok", "unavailable"]
    database: Literal["up", "down"]
    message: str | None = None


class LicensingReportOut(Public):
    """An agency report an incident requires, its deadline and whether it was marked filed."""

    report_id: str
    center_id: str
    incident_id: str
    thread_id: str
    kind: Literal["licensing", "child_protection"]
    agency: str
    citation: str
    timing: str
    due_at: datetime
    filed_at: datetime | None
    filed_by: str | None
    reference: str | None
    overdue: bool = Field(description="Open and past its deadline at the time of the answer.")


class EventJobOut(Public):
    """A received event and where its job stands; a parked one (`failed`) says why and blocks nothing."""

    event_id: str
    event_type: str
    center_id: str
    thread_id: str
    job_status: Literal["queued", "running", "done", "failed"] = Field(
        description="queued (waiting for its first or next attempt), running, done, or failed: parked "
        "after its last attempt (its thread's status is failed too); `POST /events/{id}/retry` queues it "
        "again."
    )
    attempts: int = Field(description="Attempts started so far.")
    job_error: str | None = Field(description="Why the last failed attempt failed (class and first line).")
    received_at: datetime
    last_attempt_at: datetime | None
    updated_at: datetime | None


class CenterNeedOut(Public):
    """One need a center declared, with who declared it and when."""

    need_id: int
    center_id: str
    need: str
    declared_by: str = Field(description="The id of the token holder (or CLI operator) who declared it.")
    declared_at: datetime


class CenterNeedsOut(Public):
    """The needs declared at the caller's centers (or at one of them), by center, in the order declared."""

    items: list[CenterNeedOut]


class SkillMatchOut(Public):
    """One staff member for a need: each reason names the record it rests on (bio, training, ...)."""

    staff_id: str
    center_id: str
    name: str
    position: str
    score: float
    reasons: list[str]


class CandidateOut(Public):
    """A ranked staff member carried by an assignment request (reasons name their records)."""

    staff_id: str
    score: float
    reasons: list[str]


class AssignmentOut(Public):
    """A requested assignment: the run that proposes the task, paused at human review once it has run."""

    event_id: str
    thread_id: str
    duplicate: bool = Field(description="The same request was made today already: nothing new started.")
    center_id: str
    staff_id: str | None
    candidates: list[CandidateOut]


class PlanCourseOut(Public):
    """One session of an approved catalog course that closes a gap."""

    course_id: str
    session_id: str
    title: str
    provider: str
    hours: float
    format: str
    starts_on: str
    ends_on: str
    start_minutes: int | None = Field(description="Local start, minutes from midnight; null if self-paced.")
    end_minutes: int | None
    venue: str | None = Field(description="Where it meets; null online.")
    seats_left: int
    by_due_date: bool = Field(description="Ends by the gap's due date (or the gap has none ahead).")


class PlanGapOut(Public):
    """One requirement of the role the record does not meet yet, with the rule it comes from."""

    kind: str = Field(description="mandated_topic, annual_hours, credential or center_need.")
    key: str
    label: str
    status: str = Field(description="overdue, due, short, missing, expired or expiring.")
    detail: str
    citation: str
    due_on: str | None
    hours_needed: float
    on_plan: list[str] = Field(description="Courses already on the training plan that close it.")
    courses: list[PlanCourseOut]


class PlanNeedOut(Public):
    """One of the center's declared needs and whether the staff member's skills profile shows it."""

    need_id: int
    need: str
    declared_by: str
    declared_on: str
    shown: bool = Field(description="The ranker `skills match` uses scores it above zero on this profile.")
    score: float
    reasons: list[str] = Field(description="The records it rests on; empty when not shown (then a gap).")


class DevelopmentPlanOut(Public):
    """A staff member's gaps against their role's requirements, and the courses that close them."""

    staff_id: str
    center_id: str
    name: str
    position: str
    role: str
    state: str
    as_of: str = Field(description="The center's date the plan was judged on (YYYY-MM-DD).")
    skills: list[str] = Field(description="Skills the stored profile shows.")
    gaps: list[PlanGapOut]
    center_needs: list[PlanNeedOut] = Field(description="The center's declared needs (skills needs add).")
    not_modelled: list[str] = Field(description="Requirements no plan can show yet, and why.")


class SkillsSearchOut(Public):
    """Staff ranked for a need from the stored skills profiles, best first."""

    need: str
    as_of: str = Field(description="The center's date credentials were judged on (YYYY-MM-DD).")
    centers: list[str]
    staff_searched: int
    rebuilt: list[str] = Field(description="Centers read from Procare for this search (never read before).")
    matches: list[SkillMatchOut]
