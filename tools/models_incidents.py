"""The surface's incident routing and parent-message records (re-exported by tools.models)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Record(BaseModel):
    """As `tools.models.ProcareModel`: unknown fields kept, values validated."""

    model_config = ConfigDict(extra="allow")


IncidentRole = Literal["room_lead", "director", "hr"]
IncidentCategory = Literal[
    "injury", "illness", "behavior", "safety", "staff_conduct", "missing_child", "other"
]
IncidentSeverity = Literal["low", "medium", "high", "critical"]


class RoutedTo(BaseModel):
    """One recipient of an incident: a role and the staff member in it (None: the organisation's HR queue)."""

    model_config = ConfigDict(extra="forbid")

    role: IncidentRole
    employee_id: str | None = None


class IncidentRoutingCreate(BaseModel):
    """Body of POST /incidents/{id}/routing: who handles the incident, with the triage it rests on."""

    model_config = ConfigDict(extra="forbid")

    category: IncidentCategory
    severity: IncidentSeverity
    routed_to: list[RoutedTo] = Field(min_length=1)
    note: str = ""


class IncidentRouting(_Record):
    routing_id: str
    incident_id: str
    school_id: str
    category: IncidentCategory
    severity: IncidentSeverity
    routed_to: list[RoutedTo]
    note: str = ""
    created_at: datetime


class ParentMessageCreate(BaseModel):
    """Body of POST /parent-messages: a message to a child's parents or guardians (Procare's family app)."""

    model_config = ConfigDict(extra="forbid")

    school_id: str
    child_id: str
    incident_id: str | None = None
    subject: str
    body: str


class ParentMessage(_Record):
    parent_message_id: str
    school_id: str
    child_id: str
    incident_id: str | None = None
    subject: str
    body: str
    sent_at: datetime
