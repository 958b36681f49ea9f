"""Incident triage: an `incident.reported` event in, routing, parents' notice and agency reports out.

The floor is `policies.incidents.triage` over the description, the center's jurisdiction and the
youngest involved child's age (from the room's attendance that day); a model may raise it
(`reading.read_incident`), never lower it. Each report the rules require becomes a critical finding with
`alert=True` (pushed to the director's alert channels at once, like a live ratio violation) whose
evidence carries the report's id and deadline: the runner stores it in the deadline tracker
(`licensing_reports`) until a director marks the report filed. Proposals: the routing (room lead,
director, HR as the triage names them), a message to each involved child's parents when notice is
required (held when a family member is the suspected abuser), and a task per report, due by its
deadline.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from agents.common.llm import draft_or_fallback
from agents.common.types import AgentContext, AgentOutput, Event, Finding, source_record, stable_id
from agents.common.wording import humanize
from agents.incidents import proposals
from agents.incidents.reading import read_incident
from agents.incidents.staff import director_of, room_lead_of, routed_to
from policies.errors import InvalidInput
from policies.incidents import RequiredReport, Triage, report_due_at, triage
from policies.ratio_jurisdiction import jurisdiction
from tools.models import Incident, School

WORKFLOW = proposals.WORKFLOW
REPORT_DUE = "licensing_report_due"
"""Finding kind of a required agency report; the runner tracks each one (checkpoints.licensing_reports)."""


async def run(event: Event, ctx: AgentContext) -> AgentOutput:
    """Triage the incident the event names and propose what the rules require."""
    out = AgentOutput()
    incident_id = event.data.get("incident_id")
    if not isinstance(incident_id, str) or not incident_id:
        out.findings.append(_problem(event, "incident_event_without_id", "The event names no incident_id."))
        return out
    incident = await ctx.client.get_incident(incident_id)
    out.reads.append(source_record(incident))
    if incident.school_id != event.center_id:
        out.findings.append(
            _problem(
                event, "incident_of_another_center", f"Incident {incident_id} is not at {event.center_id}."
            )
        )
        return out
    school = await ctx.client.get_school(incident.school_id)
    out.reads.append(source_record(school))
    zone = ZoneInfo(school.timezone)
    ages = await _child_ages(ctx, incident, zone)
    code = jurisdiction(school.state, **_address(school))
    try:
        floor = triage(incident.description, state=code, child_age_months=min(ages.values(), default=None))
    except InvalidInput as exc:
        out.findings.append(
            _problem(
                event, "incident_rules_missing", f"Incident {incident_id}: {exc.message}; triage it by hand."
            )
        )
        return out
    staff = [e async for e in ctx.client.iter_employees(school_id=school.school_id, status="active")]
    # The description may name colleagues: their surnames never reach a model (policies.model_data).
    reading = await read_incident(
        ctx.drafter, floor, incident.description, withhold=[e.last_name for e in staff]
    )
    result = reading.triage
    director = director_of(staff)
    learned = min(incident.occurred_at, event.occurred_at)
    finding = _triage_finding(incident, floor, result, learned, zone, reading.draft.model)
    out.findings.append(finding)
    dues = [
        (r, _report_id(incident, r), report_due_at(learned, r.within_hours).astimezone(zone))
        for r in result.reports
    ]
    for report, report_id, due in dues:
        out.findings.append(_report_finding(incident, report, report_id, due, learned))
    out.report = _report(school, incident, result, dues)
    if ctx.phase == "read_only":
        return out
    targets = routed_to(result, room_lead_of(staff, incident), director)
    if targets:
        out.proposals.append(
            proposals.routing(
                incident, result, targets, finding_id=finding.id, note=_note(result, dues), view=reading.draft
            )
        )
    notice = result.parent_notice
    if notice.required and notice.hold_reason is None:
        for child_id in incident.child_ids:
            facts = _parent_facts(school, incident, result, zone)
            draft, rejected = await draft_or_fallback(ctx.drafter, proposals.PARENT_NOTICE, facts)
            out.proposals.append(
                proposals.parent_message(
                    incident, child_id, result, draft, finding_id=finding.id, rejection=rejected
                )
            )
    for report, report_id, due in dues:
        out.proposals.append(
            proposals.report_task(incident, report, report_id, due, director, finding_id=finding.id)
        )
    return out


async def _child_ages(ctx: AgentContext, incident: Incident, zone: ZoneInfo) -> dict[str, int]:
    """Each involved child's age in months, from the room's attendance on the incident's local day."""
    if not incident.child_ids or incident.classroom_id is None:
        return {}
    day = incident.occurred_at.astimezone(zone).date()
    wanted = set(incident.child_ids)
    return {
        row.child_id: row.age_months
        async for row in ctx.client.iter_attendance(incident.classroom_id, day)
        if row.child_id in wanted
    }


def _address(school: School) -> dict[str, object]:
    """City and ZIP when Procare sends them: they choose a city's own code (New York City in New York)."""
    extra = school.model_extra or {}
    return {"city": extra.get("city"), "postal_code": extra.get("postal_code")}


def _report_id(incident: Incident, report: RequiredReport) -> str:
    return stable_id(WORKFLOW, "agency_report", incident.incident_id, report.kind, report.agency)


def _triage_finding(
    incident: Incident, floor: Triage, result: Triage, learned: datetime, zone: ZoneInfo, model: str
) -> Finding:
    reports = "; ".join(f"{r.kind.replace('_', '-')} report to {r.agency}" for r in result.reports)
    summary = (
        f"Incident {incident.incident_id} ({learned.astimezone(zone):%Y-%m-%d %H:%M %Z}): "
        f"{humanize(result.category).lower()}, severity {result.severity}"
        + (f"; reportable: {reports}" if reports else "; no agency report required")
        + "."
    )
    return Finding(
        id=stable_id(WORKFLOW, "triaged", incident.incident_id),
        workflow=WORKFLOW,
        kind="incident_triaged",
        severity="critical" if result.alert else ("warning" if result.severity != "low" else "info"),
        summary=summary,
        staff_ids=list(incident.staff_ids),
        evidence={
            "incident_id": incident.incident_id,
            "state": result.state,
            "category": result.category,
            "categories": list(result.categories),
            "severity": result.severity,
            "floor_severity": floor.severity,
            "floor_categories": list(floor.categories),
            "licensing_reportable": result.licensing_reportable,
            "report_within_hours": result.report_within_hours,
            "facts": list(result.facts),
            "evidence": list(result.evidence),
            "notify": list(result.notify),
            "parent_notice": {
                "required": result.parent_notice.required,
                "timing": result.parent_notice.timing,
                "citation": result.parent_notice.citation,
                "hold_reason": result.parent_notice.hold_reason,
            },
            "notes": list(result.notes),
            "raised_by_model": list(result.raised_by_model),
            "model": model,
            "child_ids": list(incident.child_ids),
        },
        citation=result.citation,
        alert=result.alert,
    )


def _report_finding(
    incident: Incident, report: RequiredReport, report_id: str, due: datetime, learned: datetime
) -> Finding:
    what = "Licensing" if report.kind == "licensing" else "Child-protection"
    return Finding(
        id=stable_id(WORKFLOW, "report_due", report_id),
        workflow=WORKFLOW,
        kind=REPORT_DUE,
        severity="critical",
        summary=f"{what} report to {report.agency} for incident {incident.incident_id} is due by "
        f"{due:%Y-%m-%d %H:%M %Z} ({report.timing}).",
        staff_ids=list(incident.staff_ids),
        evidence={
            "report_id": report_id,
            "incident_id": incident.incident_id,
            "kind": report.kind,
            "agency": report.agency,
            "due_at": due.isoformat(),
            "learned_at": learned.isoformat(),
            "within_hours": report.within_hours,
            "timing": report.timing,
            "written_within_hours": report.written_within_hours,
            "secondary": report.secondary,
        },
        citation=report.citation,
        alert=True,
    )


def _note(result: Triage, dues: list[tuple[RequiredReport, str, datetime]]) -> str:
    """The routing note, from the rules only: facts found, reports and deadlines, parent notice, notes."""
    parts = [f"Triage ({result.citation})."]
    if result.facts:
        parts.append(f"Facts: {', '.join(humanize(f).lower() for f in result.facts)}.")
    parts += [f"{r.agency}: due {due:%Y-%m-%d %H:%M %Z}." for r, _id, due in dues]
    notice = result.parent_notice
    parts.append(
        f"Parents: hold ({notice.hold_reason})."
        if notice.hold_reason
        else (f"Parents: {notice.timing}." if notice.required else "Parents: no notice required.")
    )
    parts += list(result.notes)
    return " ".join(parts)


def _parent_facts(school: School, incident: Incident, result: Triage, zone: ZoneInfo) -> dict[str, Any]:
    local = incident.occurred_at.astimezone(zone)
    return {
        "center": school.name,
        "day": local.date().isoformat(),
        "time": f"{local:%H:%M}",
        "room": incident.classroom_id or "the center",
        "kind": humanize(result.category).lower(),
        "follow_up": result.parent_notice.timing,
    }


def _problem(event: Event, kind: str, summary: str) -> Finding:
    return Finding(
        id=stable_id(WORKFLOW, kind, event.id),
        workflow=WORKFLOW,
        kind=kind,
        severity="warning",
        summary=summary,
        evidence={"event_id": event.id, "data": dict(event.data)},
        alert=kind == "incident_rules_missing",
    )


def _report(
    school: School, incident: Incident, result: Triage, dues: list[tuple[RequiredReport, str, datetime]]
) -> str:
    lines = [f"# Incident {incident.incident_id} at {school.name} ({school.school_id})", ""]
    lines.append(f"- Category: {', '.join(result.categories)}; severity {result.severity}")
    lines += [f"- Report to {r.agency} by {due:%Y-%m-%d %H:%M %Z} ({r.citation})" for r, _id, due in dues]
    if not dues:
        lines.append("- No licensing or child-protection report is required for the facts described.")
    lines.append(f"- Parents: {result.parent_notice.timing} ({result.parent_notice.citation})")
    lines += [f"- Note: {n}" for n in result.notes]
    return "\n".join(lines)
