"""Builders of the two proposals every workflow makes: a task for the director and a message to staff.

One place decides the argument names the write allow-list (policies.writes) and the request models
(tools.models.TaskCreate, MessageCreate) expect, so a specialist only says what the task or message is.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from agents.common.llm import Draft
from agents.common.types import Proposal


def _drafted(draft: Draft[Any] | None) -> dict[str, Any]:
    """The audit fields of a drafted text: the prompt, the raw output, the model, and a refused model
    draft with the reason it was refused, or why the model could not draft (when the template stood in)."""
    if draft is None:
        return {}
    fields: dict[str, Any] = {"prompt": draft.prompt, "model_output": draft.raw_output, "model": draft.model}
    if draft.rejection is not None:
        fields["draft_rejection"] = f"{draft.rejected_model}: {draft.rejection}"
        fields["rejected_output"] = draft.rejected_output
    if draft.model_error is not None:
        fields["model_error"] = draft.model_error
    return fields


def create_task(
    *,
    id: str,
    workflow: str,
    school_id: str,
    title: str,
    body: str,
    priority: str,
    due_on: date,
    description: str,
    rationale: str,
    staff_ids: list[str],
    finding_id: str | None,
    citation: str | None,
    related_employee_id: str | None = None,
    assignee_employee_id: str | None = None,
    draft: Draft[Any] | None = None,
) -> Proposal:
    """A `create_task` proposal (POST /tasks) for the center's director or a named assignee."""
    args: dict[str, Any] = {
        "school_id": school_id,
        "title": title,
        "body": body,
        "priority": priority,
        "due_on": str(due_on),
    }
    if related_employee_id is not None:
        args["related_employee_id"] = related_employee_id
    if assignee_employee_id is not None:
        args["assignee_employee_id"] = assignee_employee_id
    return Proposal(
        id=id,
        workflow=workflow,
        action="create_task",
        args=args,
        description=description,
        rationale=rationale,
        staff_ids=staff_ids,
        finding_id=finding_id,
        citation=citation,
        **_drafted(draft),
    )


def send_message(
    *,
    id: str,
    workflow: str,
    school_id: str,
    to_employee_id: str,
    subject: str,
    body: str,
    description: str,
    rationale: str,
    finding_id: str | None,
    citation: str | None,
    draft: Draft[Any] | None = None,
    context: dict[str, Any] | None = None,
) -> Proposal:
    """A `send_message` proposal (POST /messages) to one staff member."""
    return Proposal(
        id=id,
        workflow=workflow,
        action="send_message",
        args={"school_id": school_id, "to_employee_id": to_employee_id, "subject": subject, "body": body},
        description=description,
        rationale=rationale,
        staff_ids=[to_employee_id],
        finding_id=finding_id,
        citation=citation,
        context=context or {},
        **_drafted(draft),
    )
