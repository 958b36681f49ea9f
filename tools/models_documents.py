"""The surface's e-signature requests (re-exported by tools.models).

Procare sends a form to a staff member to sign electronically and keeps the request with its status; the
names follow the surface's own (`school_id`, `employee_id`, `document_id`). `form` is the kind of the form
to be signed (`i9`, `w4`); `document_id` names the uploaded file when the form is on file unsigned, and is
absent when the form was never received (Procare sends its blank form).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SignedForm = Literal["i9", "w4"]
SignatureStatus = Literal["sent", "signed", "declined", "expired"]


class SignatureRequestCreate(BaseModel):
    """Body of POST /signature-requests: ask one staff member to sign one form."""

    model_config = ConfigDict(extra="forbid")

    school_id: str
    employee_id: str
    form: SignedForm
    document_id: str | None = None
    due_on: date | None = None
    message: str = Field(default="", max_length=1000)


class SignatureRequest(BaseModel):
    """A signature request as Procare keeps it."""

    model_config = ConfigDict(extra="allow")

    signature_request_id: str
    school_id: str
    employee_id: str
    form: SignedForm
    document_id: str | None = None
    due_on: date | None = None
    message: str = ""
    status: SignatureStatus = "sent"
    created_at: datetime
