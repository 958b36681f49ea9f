"""Request models of the HTTP API: what a caller may send (validated before any use case runs)."""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from agents.common.types import CENTER_ID_PATTERN, EVENT_ID_PATTERN
from graph.review import DecisionsIn
from policies.rollout import Phase, Workflow

__all__ = ["AssignmentIn", "DecisionsIn", "FiledIn", "RolloutIn", "WebhookBody"]


class WebhookBody(BaseModel):
    """A Procare webhook body (DESIGN.md "Webhooks"); unknown event types are accepted."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(
        pattern=EVENT_ID_PATTERN,
        description="Unique per event; letters, digits and `_ . ~ -` (the thread id is `<center_id>:<id>`).",
    )
    type: str = Field(min_length=1, max_length=100)
    occurred_at: AwareDatetime = Field(description="RFC 3339 with a UTC offset.")
    center_id: str = Field(pattern=CENTER_ID_PATTERN, description="Letters, digits and `_ . -` (no `:`).")
    data: dict[str, Any] = Field(default_factory=dict)


class RolloutIn(BaseModel):
    center_id: str = Field(min_length=1, description="A center id, or '*' for the default of every center.")
    workflow: Workflow
    phase: Phase
    shadow_run_id: int | None = Field(
        default=None,
        description="The shadow run that justifies leaving read_only (default: the center's latest).",
    )


class PilotIn(BaseModel):
    """A pilot group to start: a phase of one workflow for named centers and reviewers."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=64)
    workflow: Workflow
    phase: Phase
    centers: list[str] = Field(min_length=1, max_length=200)
    reviewers: list[str] = Field(min_length=1, max_length=50, description="Principal ids (token labels).")


class FiledIn(BaseModel):
    """A director's note that an agency report was filed (all optional: now, no reference)."""

    model_config = ConfigDict(extra="forbid")

    reference: str | None = Field(
        default=None, max_length=200, description="The agency's case or confirmation number."
    )
    filed_at: AwareDatetime | None = Field(default=None, description="When it was filed (default: now).")


class AssignmentIn(BaseModel):
    """A request for a proposed staff assignment to a center need (POST /skills/assignments)."""

    model_config = ConfigDict(extra="forbid")

    need: str = Field(
        min_length=1,
        max_length=500,
        description="What the center needs, e.g. 'bilingual Spanish family liaison'. Data only: it ranks "
        "staff and is quoted in the task; it never chooses the action or the center.",
    )
    center_id: str = Field(pattern=CENTER_ID_PATTERN, description="The center the need is at.")
    staff_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Propose this staff member (active at the center) instead of the best-ranked one.",
    )


class CenterNeedIn(BaseModel):
    """A center need to declare (POST /skills/needs); development plans check staff against it."""

    model_config = ConfigDict(extra="forbid")

    center_id: str = Field(pattern=CENTER_ID_PATTERN, description="The center that has the need.")
    need: str = Field(
        min_length=1,
        max_length=500,
        description="What the center needs, e.g. 'bilingual Spanish for family communications'. Data only: "
        "matched against skills profiles and quoted, never obeyed.",
    )
