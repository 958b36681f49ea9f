"""Request models of the HTTP API: what a caller may send (validated before any use case runs)."""

from __future__ import annotations

from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from graph.review import DecisionsIn
from policies.rollout import Phase, Workflow

__all__ = ["DecisionsIn", "FiledIn", "RolloutIn", "WebhookBody"]


class WebhookBody(BaseModel):
    """A Procare webhook body (DESIGN.md "Webhooks"); unknown event types are accepted."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=200)
    type: str = Field(min_length=1, max_length=100)
    occurred_at: AwareDatetime = Field(description="RFC 3339 with a UTC offset.")
    center_id: str = Field(min_length=1, max_length=100)
    data: dict[str, Any] = Field(default_factory=dict)


class RolloutIn(BaseModel):
    center_id: str = Field(min_length=1, description="A center id, or '*' for the default of every center.")
    workflow: Workflow
    phase: Phase


class FiledIn(BaseModel):
    """A director's note that an agency report was filed (all optional: now, no reference)."""

    model_config = ConfigDict(extra="forbid")

    reference: str | None = Field(
        default=None, max_length=200, description="The agency's case or confirmation number."
    )
    filed_at: AwareDatetime | None = Field(default=None, description="When it was filed (default: now).")
