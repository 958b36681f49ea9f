"""Role suggestions: for a center's need, a task for the director to assign the best-fitting staff member.

The `skills.assignment` event is made by the service (services.skills_assign) from a director's request:
the need's text, the staff member asked about (if any), and the ranked candidates the stored skills profiles
gave (staff id, score, reasons). The need is data, never an instruction: whatever it says, the only action
proposed is one `create_task` in the event's center, assigned to that center's director, about a person
Procare confirms is active staff of that center; the need's text is quoted in the task, nothing else of it
is used. A requested person who is not at the center, or a ranking with no one at the center, ends in a
finding and no proposal.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from agents.common import proposals
from agents.common.people import director_of, display_name
from agents.common.types import AgentContext, AgentOutput, Event, Finding, source_record, stable_id
from tools.models import Employee

WORKFLOW = "skills"
MAX_REASONS = 5


def _candidates(data: dict[str, Any]) -> list[dict[str, Any]]:
    raw = data.get("candidates")
    if not isinstance(raw, list):
        return []
    return [c for c in raw if isinstance(c, dict) and isinstance(c.get("staff_id"), str)]


def _finding(event: Event, kind: str, summary: str, **evidence: Any) -> Finding:
    return Finding(
        id=stable_id(WORKFLOW, kind, event.id),
        workflow=WORKFLOW,
        kind=kind,
        severity="info" if kind == "assignment_suggested" else "warning",
        summary=summary,
        staff_ids=[s for s in [evidence.get("staff_id")] if isinstance(s, str)],
        evidence={"need": event.data.get("need"), **evidence},
    )


async def suggest(event: Event, ctx: AgentContext) -> AgentOutput:
    """One proposed assignment task for the need, or a finding saying why there is none."""
    out = AgentOutput()
    need = str(event.data.get("need") or "").strip()
    school = await ctx.client.get_school(event.center_id)
    staff = [e async for e in ctx.client.iter_employees(school_id=school.school_id, status="active")]
    out.reads.append(source_record(school))
    at_center = {e.employee_id: e for e in staff}
    candidates = _candidates(event.data)
    requested = event.data.get("staff_id")
    chosen: Employee | None = None
    reasons: list[str] = []
    if isinstance(requested, str) and requested:
        chosen = at_center.get(requested)
        if chosen is None:
            out.findings.append(
                _finding(
                    event,
                    "assignment_target_not_at_center",
                    f"Staff member {requested} is not active staff of {school.name}; no assignment proposed.",
                    staff_id=requested,
                )
            )
            return out
        reasons = next((list(c.get("reasons") or []) for c in candidates if c["staff_id"] == requested), [])
    else:
        for c in candidates:
            if c["staff_id"] in at_center:
                chosen, reasons = at_center[c["staff_id"]], list(c.get("reasons") or [])
                break
    if chosen is None:
        out.findings.append(
            _finding(
                event, "assignment_no_match", f"No one on staff at {school.name} shows evidence for the need."
            )
        )
        return out
    out.reads.append(source_record(chosen))
    name = display_name(chosen)
    why = [str(r) for r in reasons[:MAX_REASONS]]
    finding = _finding(
        event,
        "assignment_suggested",
        f"{name} ({chosen.position}) is suggested for the need"
        + (f": {'; '.join(why)}" if why else " (asked for by name; no record of theirs matches the need)."),
        staff_id=chosen.employee_id,
        reasons=why,
        requested_by=event.data.get("requested_by"),
    )
    out.findings.append(finding)
    director = director_of(staff)
    body_lines = [f'Need (as the requester wrote it): "{need}"', f"Suggested: {name} ({chosen.position})"]
    body_lines += [f"- {r}" for r in why] or ["- no record of theirs matches the need; asked for by name"]
    out.proposals.append(
        proposals.create_task(
            id=stable_id(WORKFLOW, "assignment", event.id, chosen.employee_id),
            workflow=WORKFLOW,
            school_id=school.school_id,
            title=f"Assign {name} to a center need",
            body="\n".join(body_lines),
            priority="normal",
            due_on=ctx.local_date(school) + timedelta(days=7),
            related_employee_id=chosen.employee_id,
            assignee_employee_id=director.employee_id if director is not None else None,
            description=f"Create a task for the director: assign {name} to the need",
            rationale=finding.summary,
            staff_ids=[chosen.employee_id],
            finding_id=finding.id,
            citation=None,
        )
    )
    out.report = finding.summary
    return out
