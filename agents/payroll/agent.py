"""Payroll hour validation: a submitted timesheet, or a whole center's pay period before payroll export.

Reads punches, scheduled shifts and room attendance through the Procare client; applies policies.labor
and policies.ratios; reports every exception with its evidence (times, rule, citation) and scores patterns
without accusing anyone. Per phase: read_only -> findings and the exception report; assistive -> plus a
director task per employee with exceptions and per strong pattern; automation -> plus one
`PATCH /employees/{id}/payroll` per employee with the corrections the law owes (meal and rest premiums per
Labor Code 226.7, overtime reclassification). The model drafts only the report's summary paragraph.

How a period is scanned within bounded memory is in `scan`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field

from agents.common.llm import DraftSpec, draft_or_fallback
from agents.common.types import AgentContext, AgentOutput, Event, Finding, source_record, stable_id
from agents.common.workweek import workweek_start
from agents.payroll import proposals
from agents.payroll.model import WORKFLOW, PayrollSettings, Period
from agents.payroll.report import exception_report_markdown, is_pattern
from agents.payroll.scan import PeriodScan, staff
from tools.models import School

DAY = timedelta(days=1)

SUMMARY_INSTRUCTIONS = (
    "You write the opening paragraph of a payroll exception report for a childcare center director, to be "
    "read before payroll export. Use only the numbers in the facts, never invent any; name the pay period; "
    "say that patterns are signals to review, not conclusions about anyone; no names; at most 120 words. "
    "Fields: headline, body."
)


class PayrollSummary(BaseModel):
    """The drafted summary: prose only; every count comes from the facts."""

    headline: str = Field(min_length=5, max_length=160)
    body: str = Field(min_length=20, max_length=1500)


def _summary_check(draft: PayrollSummary, facts: Any) -> list[str]:
    problems = []
    if str(facts["exceptions"]) not in draft.body:
        problems.append(f"the body must state the number of exceptions ({facts['exceptions']})")
    if str(facts["period_start"]) not in draft.body:
        problems.append(f"the body must name the pay period start {facts['period_start']}")
    return problems


SUMMARY = DraftSpec(
    name="payroll_summary",
    schema=PayrollSummary,
    instructions=SUMMARY_INSTRUCTIONS,
    templates={
        "headline": "Payroll exceptions for {{ center_name }}, {{ period_start }} to {{ period_end }}",
        "body": (
            "Pay period {{ period_start }} to {{ period_end }}: {{ staff_checked }} staff and "
            "{{ punches_checked }} punches checked; {{ exceptions }} exceptions "
            "({{ critical }} critical, {{ warning }} warnings, {{ info }} for information)"
            "{% if top_kinds %}, most often {{ top_kinds | join(', ') }}{% endif %}. "
            "{{ patterns }} patterns are listed with a score for review; they are signals, not conclusions "
            "about anyone. Please review before payroll export."
        ),
    },
    check=_summary_check,
    trusted=("top_kinds",),
)


def resolve_period(event: Event, today: date, cfg: PayrollSettings) -> tuple[Period | None, str | None]:
    """The pay period from the event, or the last `pay_period_days` days before today, with a note."""
    raw_start, raw_end = event.data.get("pay_period_start"), event.data.get("pay_period_end")
    try:
        start = date.fromisoformat(str(raw_start)) if raw_start else None
        end = date.fromisoformat(str(raw_end)) if raw_end else None
    except ValueError:
        return None, f"pay period {raw_start!r} to {raw_end!r} is not a pair of YYYY-MM-DD dates"
    if start and end:
        if end < start or (end - start).days > 62:
            return None, f"pay period {start} to {end} is reversed or longer than 62 days"
        return Period(start, end), None
    if start:
        return Period(start, start + (cfg.pay_period_days - 1) * DAY), "the event gave no pay_period_end"
    end = today - DAY
    return Period(end - (cfg.pay_period_days - 1) * DAY, end), "the event gave no pay period"


def _event_problem(event: Event, problem: str) -> Finding:
    return Finding(
        id=stable_id(WORKFLOW, "event_incomplete", event.id),
        workflow=WORKFLOW,
        kind="timesheet_event_incomplete",
        severity="warning",
        summary=f"Event {event.type} {event.id} could not be checked: {problem}.",
        evidence={"event_id": event.id, "data_keys": sorted(event.data)},
    )


async def run(event: Event, ctx: AgentContext) -> AgentOutput:
    """Validate a submitted timesheet (one employee) or a whole center's pay period (`scan.payroll`)."""
    school = await ctx.client.get_school(event.center_id)
    cfg = PayrollSettings.from_mapping(
        ctx.settings, workweek_start=workweek_start(ctx.settings, school.school_id)
    )
    out = AgentOutput(reads=[source_record(school)])
    only = None
    if event.type == "timesheet.submitted":
        raw = event.data.get("employee_id")
        if not raw:
            out.findings.append(_event_problem(event, "it names no employee_id"))
            out.report = f"# Timesheet not checked\n\n{out.findings[0].summary}\n"
            return out
        only = str(raw)
    period, note = resolve_period(event, ctx.local_date(school), cfg)
    if period is None:
        out.findings.append(_event_problem(event, str(note)))
        out.report = f"# Timesheet not checked\n\n{out.findings[0].summary}\n"
        return out
    if note:
        out.findings.append(
            Finding(
                id=stable_id(WORKFLOW, "period_assumed", event.id),
                workflow=WORKFLOW,
                kind="pay_period_assumed",
                severity="info",
                summary=f"{note}: checked {period.start} to {period.end}.",
                evidence={"pay_period_start": str(period.start), "pay_period_end": str(period.end)},
            )
        )
    scan = PeriodScan(ctx, school, period, cfg, only, out)
    async for emp in staff(ctx, school, only):
        await scan.employee(emp)
    await scan.days()
    out.proposals.extend(proposals.cross_staff(ctx, school, cfg, out.findings))
    out.report = await _report(ctx, school, scan)
    return out


async def _report(ctx: AgentContext, school: School, scan: PeriodScan) -> str:
    findings = scan.out.findings
    counted = [f for f in findings if f.kind not in ("pay_period_assumed",)]
    kinds: dict[str, int] = {}
    for f in counted:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    facts = {
        "center_name": school.name,
        "period_start": str(scan.period.start),
        "period_end": str(scan.period.end),
        "staff_checked": scan.staff_checked,
        "punches_checked": scan.punches_checked,
        "exceptions": sum(1 for f in counted if not is_pattern(f)),
        "critical": sum(1 for f in counted if f.severity == "critical"),
        "warning": sum(1 for f in counted if f.severity == "warning" and not is_pattern(f)),
        "info": sum(1 for f in counted if f.severity == "info" and not is_pattern(f)),
        "patterns": sum(1 for f in counted if is_pattern(f)),
        "top_kinds": [f"{k} ({n})" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:3]],
    }
    draft, rejected = await draft_or_fallback(ctx.drafter, SUMMARY, facts)
    summary = draft.value.body + (f"\n\n_Model draft rejected: {rejected}_" if rejected else "")
    return exception_report_markdown(
        title=f"{draft.value.headline} ({school.school_id})",
        summary=summary,
        findings=findings,
        staff_checked=scan.staff_checked,
        punches_checked=scan.punches_checked,
    )
