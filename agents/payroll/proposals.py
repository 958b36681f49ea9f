"""The payroll agent's proposals: director tasks (assistive and up) and payroll corrections (automation).

Pure functions of the findings and corrections: nothing here reads Procare, so what a director is asked to
approve is exactly what the checks computed. Ids are derived from content, so a re-run proposes the same
ids and `execute`'s idempotency keys stay stable.
"""

from __future__ import annotations

from datetime import date, timedelta

from agents.common import proposals as common
from agents.common.people import display_name
from agents.common.types import AgentContext, Finding, Proposal, stable_id
from agents.common.wording import counted, humanize
from agents.payroll.model import WORKFLOW, Correction, EmployeeResult, PayrollSettings, Period
from agents.payroll.report import is_pattern
from tools.models import Employee, School

DAY = timedelta(days=1)


def for_employee(
    ctx: AgentContext, school: School, period: Period, emp: Employee, result: EmployeeResult
) -> list[Proposal]:
    """A director task per employee with exceptions (assistive+), and the payroll patch (automation)."""
    proposals: list[Proposal] = []
    phase = ctx.phase
    if phase == "read_only":
        return []
    name = display_name(emp)
    exceptions = [f for f in result.findings if f.severity != "info" and not is_pattern(f)]
    if exceptions:
        critical = any(f.severity == "critical" for f in exceptions)
        lines = [f"- {f.summary} ({f.citation})" for f in exceptions[:12]]
        more = len(exceptions) - len(lines)
        proposals.append(
            common.create_task(
                id=stable_id(WORKFLOW, "task", emp.employee_id, str(period.start)),
                workflow=WORKFLOW,
                school_id=school.school_id,
                title=f"Review timesheet exceptions: {name} ({period.start} to {period.end})",
                body="\n".join(lines) + (f"\n... and {more} more in the report." if more else ""),
                priority="high" if critical else "normal",
                due_on=ctx.local_date(school) + DAY,
                related_employee_id=emp.employee_id,
                description=(
                    f"Create a task to review {counted(len(exceptions), 'timesheet exception')} of {name}"
                ),
                rationale="; ".join(f.kind for f in exceptions),
                staff_ids=[emp.employee_id],
                finding_id=exceptions[0].id,
                citation=exceptions[0].citation,
            )
        )
    if phase == "automation" and result.corrections:
        proposals.append(payroll_patch(period, emp, name, result.corrections))
    return proposals


def payroll_patch(period: Period, emp: Employee, name: str, corrections: list[Correction]) -> Proposal:
    """One PATCH per employee and pay period; corrections of the same day and pay code are summed."""
    merged: dict[tuple[date, str], Correction] = {}
    for c in corrections:
        prev = merged.get((c.day, c.pay_code))
        merged[(c.day, c.pay_code)] = (
            c
            if prev is None
            else Correction(c.day, c.pay_code, round(prev.hours + c.hours, 2), prev.reason, prev.finding_id)
        )
    adjustments = [
        {"date": str(c.day), "pay_code": c.pay_code, "hours": c.hours, "reason": c.reason}
        for (_d, _code), c in sorted(merged.items())
    ]
    total = {
        code: round(sum(c.hours for c in merged.values() if c.pay_code == code), 2) for _, code in merged
    }
    return Proposal(
        id=stable_id(WORKFLOW, "patch_payroll", emp.employee_id, str(period.start), adjustments),
        workflow=WORKFLOW,
        action="patch_payroll",
        args={
            "employee_id": emp.employee_id,
            "pay_period_start": str(period.start),
            "adjustments": adjustments,
        },
        description=f"Post {len(adjustments)} payroll correction(s) for {name}, pay period "
        f"{period.start}: " + ", ".join(f"{code} {hours:+g} h" for code, hours in sorted(total.items())),
        rationale="; ".join(sorted({c.reason for c in corrections})),
        staff_ids=[emp.employee_id],
        finding_id=corrections[0].finding_id,
        citation="Cal. Labor Code 226.7(c); Labor Code 510(a) / FLSA 29 U.S.C. 207(a)(1)",
        context={"pay_period_end": str(period.end)},
    )


def cross_staff(
    ctx: AgentContext, school: School, cfg: PayrollSettings, findings: list[Finding]
) -> list[Proposal]:
    """Director tasks for a room left below ratio and for patterns that scored high enough."""
    proposals: list[Proposal] = []
    if ctx.phase == "read_only":
        return []
    for f in findings:
        if f.kind == "left_room_below_ratio":
            title = f"Ratio gap at clock-out: room {f.evidence['room']} on {f.evidence['workday']}"
            body, priority, due = f"{f.summary} Source: {f.citation}", "high", ctx.local_date(school) + DAY
        elif is_pattern(f) and float(f.evidence["score"]) >= cfg.task_score_threshold:
            title = f"Review a punch pattern (score {f.evidence['score']:.2f})"
            body = f"{f.summary} This is a signal to look into, not a conclusion."
            priority, due = "normal", ctx.local_date(school) + 7 * DAY
        else:
            continue
        proposals.append(
            common.create_task(
                id=stable_id(WORKFLOW, "pattern_task", f.id),
                workflow=WORKFLOW,
                school_id=school.school_id,
                title=title,
                body=body,
                priority=priority,
                due_on=due,
                related_employee_id=f.staff_ids[0] if len(f.staff_ids) == 1 else None,
                description=f"Create a task for the director to review: {humanize(f.kind).lower()}",
                rationale=f.summary,
                staff_ids=f.staff_ids,
                finding_id=f.id,
                citation=f.citation,
            )
        )
    return proposals
