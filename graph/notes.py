"""The note `execute` appends to a staff record after each AI-initiated data write (DESIGN.md's surface:
"every AI-initiated write appends one").

Each note has its own idempotency key (derived from the thread, the proposal and the staff member), so a
retried execute neither writes the note twice nor confuses it with the write it describes. Its date is the
run's `as_of` in the center's time zone, never the wall clock, so a replay writes the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from agents.common.types import Finding, Proposal, local_date, stable_id
from graph.state import Decision, WriteResult
from policies.errors import ProcareAIError
from policies.writes import needs_staff_note, staff_note_text
from tools.models import StaffNoteCreate
from tools.protocols import Procare


def note_targets(proposal: Proposal, args: dict[str, Any]) -> list[str]:
    """Whose record the write changed: the written `employee_id` (a director's edit may have changed it),
    else the proposal's staff."""
    employee = args.get("employee_id")
    if isinstance(employee, str) and employee:
        return [employee]
    return list(dict.fromkeys(proposal.staff_ids))


async def run_date(procare: Procare, center_id: str, as_of: datetime) -> date:
    """The run's date at the center; the UTC date when the school cannot be read (the note still says
    which run wrote it)."""
    try:
        school = await procare.get_school(center_id)
    except ProcareAIError:
        return local_date(as_of, "UTC")
    return local_date(as_of, school.timezone)


async def append_notes(
    procare: Procare,
    *,
    thread_id: str,
    proposal: Proposal,
    args: dict[str, Any],
    decision: Decision,
    on: date,
    key_for: Callable[[str, str], str],
    now: datetime,
) -> tuple[list[WriteResult], list[Finding]]:
    """Write one note per staff record the approved write changed; a failed note is a result and a
    finding (the write itself stands)."""
    if not needs_staff_note(proposal.action):
        return [], []
    text = staff_note_text(proposal.action, on=on, approved_by=decision.reviewer, thread_id=thread_id)
    results, findings = [], []
    for staff_id in note_targets(proposal, args):
        key = key_for(thread_id, f"{proposal.id}:note:{staff_id}")
        try:
            note = await procare.add_staff_note(staff_id, StaffNoteCreate(text=text), idempotency_key=key)
        except ProcareAIError as exc:
            results.append(
                WriteResult(
                    proposal_id=proposal.id,
                    action="add_staff_note",
                    idempotency_key=key,
                    ok=False,
                    error=exc.message,
                    executed_at=now,
                )
            )
            findings.append(
                Finding(
                    id=stable_id("note_failed", thread_id, proposal.id, staff_id),
                    workflow=proposal.workflow,
                    kind="staff_note_failed",
                    severity="warning",
                    summary=f"{proposal.action} was written but its note on {staff_id}'s record was not: "
                    f"{exc.message}",
                    staff_ids=[staff_id],
                    evidence={"proposal_id": proposal.id, "idempotency_key": key, "text": text},
                )
            )
            continue
        results.append(
            WriteResult(
                proposal_id=proposal.id,
                action="add_staff_note",
                idempotency_key=key,
                ok=True,
                response=note.model_dump(mode="json"),
                executed_at=now,
            )
        )
    return results, findings
