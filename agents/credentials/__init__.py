"""Credentials and training compliance: the daily scan, staff updates and uploaded renewal cards.

Rules come from policies.credentials (issuer validity, background-check cycle, state training hours);
this agent only reads Procare, applies them, and drafts a personal reminder. Per phase:
read_only -> a credential-gap report and findings; assistive -> plus a reminder message and a director
task per gap; automation -> plus a "renewal_initiated" status on the record, and on an uploaded card the
new issue and expiry dates.
"""

from __future__ import annotations

from agents.common.types import AgentContext, AgentOutput, Event
from agents.credentials.proposals import REMINDER, WORKFLOW
from agents.credentials.renewal import document_uploaded
from agents.credentials.scan import scan

__all__ = ["REMINDER", "WORKFLOW", "run"]


async def run(event: Event, ctx: AgentContext) -> AgentOutput:
    """Route by event type: a renewal card upload, or a compliance check of one or all staff."""
    if event.type == "credential.document_uploaded":
        return await document_uploaded(event, ctx)
    employee_id = event.data.get("employee_id")
    return await scan(event, ctx, only_employee=str(employee_id) if employee_id else None)
