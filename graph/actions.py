"""Bindings from write-back action names to the Procare request model and client call.

One table serves both the guardrails (validate args with the same model the client sends) and `execute`
(dispatch with an idempotency key), so an action cannot be validated one way and written another.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from tools.models import (
    CalendarBookingCreate,
    CredentialPatch,
    EmployeePatch,
    IncidentRoutingCreate,
    MessageCreate,
    ParentMessageCreate,
    PayrollPatch,
    PerformanceReviewPatch,
    SignatureRequestCreate,
    StaffMove,
    TaskCreate,
    TrainingAssignmentCreate,
)
from tools.protocols import ProcareWriter


@dataclass(frozen=True)
class ActionBinding:
    """How to send one action: the body model, the path id taken out of args, and the client call."""

    body: type[BaseModel]
    path_id: str | None
    call: Callable[[ProcareWriter, str | None, Any, str], Awaitable[BaseModel]]


BINDINGS: dict[str, ActionBinding] = {
    "send_message": ActionBinding(
        MessageCreate, None, lambda c, _id, body, key: c.send_message(body, idempotency_key=key)
    ),
    "create_task": ActionBinding(
        TaskCreate, None, lambda c, _id, body, key: c.create_task(body, idempotency_key=key)
    ),
    "update_credential": ActionBinding(
        CredentialPatch,
        "credential_id",
        lambda c, id_, body, key: c.patch_credential(str(id_), body, idempotency_key=key),
    ),
    "patch_payroll": ActionBinding(
        PayrollPatch,
        "employee_id",
        lambda c, id_, body, key: c.patch_payroll(str(id_), body, idempotency_key=key),
    ),
    "patch_employee": ActionBinding(
        EmployeePatch,
        "employee_id",
        lambda c, id_, body, key: c.patch_employee(str(id_), body, idempotency_key=key),
    ),
    "create_staff_move": ActionBinding(
        StaffMove,
        "classroom_id",
        lambda c, id_, body, key: c.create_staff_move(str(id_), body, idempotency_key=key),
    ),
    "route_incident": ActionBinding(
        IncidentRoutingCreate,
        "incident_id",
        lambda c, id_, body, key: c.route_incident(str(id_), body, idempotency_key=key),
    ),
    "send_parent_message": ActionBinding(
        ParentMessageCreate, None, lambda c, _id, body, key: c.send_parent_message(body, idempotency_key=key)
    ),
    "book_calendar": ActionBinding(
        CalendarBookingCreate, None, lambda c, _id, body, key: c.book_calendar(body, idempotency_key=key)
    ),
    "request_signature": ActionBinding(
        SignatureRequestCreate,
        None,
        lambda c, _id, body, key: c.request_signature(body, idempotency_key=key),
    ),
    "prefill_review_form": ActionBinding(
        PerformanceReviewPatch,
        "review_id",
        lambda c, id_, body, key: c.patch_review(str(id_), body, idempotency_key=key),
    ),
    "assign_training": ActionBinding(
        TrainingAssignmentCreate,
        "employee_id",
        lambda c, id_, body, key: c.assign_training(str(id_), body, idempotency_key=key),
    ),
}


def split_args(name: str, args: dict[str, Any]) -> tuple[str | None, BaseModel]:
    """Validate `args` for action `name` and split them into (path id, request body).

    Raises ValueError with a readable message when the args do not fit the request model.
    """
    binding = BINDINGS[name]
    body_args = dict(args)
    path_id = None
    if binding.path_id is not None:
        path_id = body_args.pop(binding.path_id, None)
        if not isinstance(path_id, str) or not path_id:
            raise ValueError(f"{name} needs a non-empty {binding.path_id}")
    try:
        return path_id, binding.body.model_validate(body_args)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "args"
        raise ValueError(f"{name}: {where}: {first['msg']}") from None
