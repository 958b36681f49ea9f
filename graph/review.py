"""The human-review contract: the interrupt payload and the validation of a director's decisions.

Payload and resume follow LangChain v1's human-in-the-loop schema (`HITLRequest` and its decisions) so
inbox UIs and SDK users understand it; project keys (thread_id, center_id, staff_ids, workflow, ...)
sit next to `action_requests` and `review_configs`. Validation is pure and shared: the API refuses a bad
resume with a clear error *before* resuming, so the thread stays paused; a client that resumes the graph
directly (the LangGraph server, Studio, the SDK) gets the same refusal from `human_review`, which keeps
the thread paused and puts the reason in the next interrupt value (`resume_error`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from agents.common.types import Proposal
from graph.errors import PolicyViolation
from graph.guardrails import check_action
from graph.state import Decision, GraphState
from policies.errors import InvalidInput
from policies.sla import request_deadline

ALLOWED_DECISIONS = ["approve", "edit", "reject"]


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
    """The resume value (LangChain v1 HITL): one decision per action request, in order.

    The one model of a decision as a director sends it: the API takes it as its request body; the runner
    and `human_review` check its values against the pending proposals with `parse_decisions`.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"decisions": [{"type": "approve"}, {"type": "reject", "message": "done"}]}]
        }
    )

    decisions: list[DecisionIn]


def review_request(state: GraphState) -> dict[str, Any]:
    """The interrupt value for the pending proposals of `state` (one action request each, in order)."""
    pending = [p for p in state.proposals if p.id in state.pending]
    return {
        "action_requests": [
            {"name": p.action, "args": p.args, "description": p.description} for p in pending
        ],
        "review_configs": [
            {"action_name": p.action, "allowed_decisions": ALLOWED_DECISIONS} for p in pending
        ],
        "thread_id": state.thread_id,
        "center_id": state.event.center_id,
        "workflow": state.workflow,
        "event_type": state.event.type,
        "proposal_ids": [p.id for p in pending],
        "staff_ids": sorted({s for p in pending for s in p.staff_ids}),
        "rationales": [p.rationale for p in pending],
        "citations": [p.citation for p in pending],
        "resume_error": state.review_error,
        "alert": any(f.alert for f in state.findings),
        "deadline": _deadline(pending),
    }


def _deadline(pending: list[Proposal]) -> str | None:
    """The earliest deadline the pending actions name (policies.sla), as an ISO date, for the queue."""
    when = request_deadline((p.action, p.args, p.context) for p in pending)
    return None if when is None else when.isoformat()


def parse_decisions(
    pending: list[Proposal], resume: Any, *, reviewer: str | None = None, now: datetime
) -> list[Decision]:
    """Turn a resume value `{"decisions": [...]}` into recorded decisions, or refuse it clearly.

    Refuses a wrong count, an unknown type, a malformed edit and an edit that breaks a policy.
    """
    if not isinstance(resume, dict) or not isinstance(resume.get("decisions"), list):
        raise InvalidInput('resume value must be {"decisions": [...]} (LangChain HITL format)')
    raw = resume["decisions"]
    if len(raw) != len(pending):
        raise InvalidInput(f"expected {len(pending)} decision(s), one per action request, got {len(raw)}")
    who = str(resume.get("reviewer") or reviewer or "unknown")
    decided_at = _decided_at(resume.get("decided_at"), now)
    out: list[Decision] = []
    for index, (proposal, item) in enumerate(zip(pending, raw, strict=True)):
        kind = item.get("type") if isinstance(item, dict) else None
        if kind not in ALLOWED_DECISIONS:
            raise InvalidInput(f"decision {index}: type must be one of {ALLOWED_DECISIONS}, got {kind!r}")
        edited_args = None
        if kind == "edit":
            action = item.get("edited_action")
            if not isinstance(action, dict) or not isinstance(action.get("args"), dict):
                raise InvalidInput(f'decision {index}: an edit needs "edited_action": {{"name", "args"}}')
            name = str(action.get("name") or proposal.action)
            problems = check_action(proposal, name, action["args"])
            if problems:
                raise PolicyViolation(f"decision {index}: edit refused: {'; '.join(problems)}")
            edited_args = dict(action["args"])
        message = item.get("message") if kind == "reject" else None
        if message is not None and not isinstance(message, str):
            raise InvalidInput(f"decision {index}: a reject's message must be text")
        out.append(
            Decision(
                proposal_id=proposal.id,
                type=kind,
                reviewer=who,
                decided_at=decided_at,
                message=message,
                edited_args=edited_args,
            )
        )
    return out


def _decided_at(value: Any, now: datetime) -> datetime:
    """When the decision was taken: the resume's `decided_at` (ISO 8601 with an offset), else `now`."""
    if value is None:
        return now
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        when = None
    if when is None or when.tzinfo is None:
        raise InvalidInput(f"decided_at must be an ISO 8601 instant with a UTC offset, got {value!r}")
    return when
