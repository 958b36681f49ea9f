"""How long an approval may wait for a director before it is escalated to HR, per workflow.

These are the organisation's service levels, not a regulation's: a ratio coverage move is worth nothing
once the room has been out of ratio for a quarter of an hour, and a payroll correction must be decided
before the payroll export, with two days' margin for HR to act. Every value can be overridden per
workflow by configuration (`PROCARE_AI_APPROVAL_SLA`); the table below is the default.

A request can also name its own deadline (`request_deadline`): the earliest due date of a task it would
create, or the payroll export of the pay period a correction is for. The queue orders by it, and a
workflow whose SLA counts back from a deadline (`before_deadline`) falls due that long before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

PAYROLL_EXPORT_DAYS_AFTER_PERIOD_END = 1
"""Payroll is exported the day after a pay period ends (the period's last day is worked in full)."""


@dataclass(frozen=True)
class Sla:
    """How long a review of one workflow may wait: `within` of its start, and (for requests that name a
    deadline) at the latest `before_deadline` ahead of that deadline."""

    within: timedelta
    before_deadline: timedelta | None = None
    why: str = ""


DEFAULT_SLA = Sla(timedelta(days=2), why="a proposal older than two working days is likely stale")
SLAS: dict[str, Sla] = {
    "ratios": Sla(
        timedelta(minutes=15),
        why="a coverage move for a room out of ratio is needed now; after 15 minutes HR must step in",
    ),
    "payroll": Sla(
        timedelta(days=2),
        before_deadline=timedelta(days=2),
        why="corrections must be decided two days before the payroll export",
    ),
    "incidents": Sla(timedelta(hours=2), why="licensing and parent reports run on hour-long clocks"),
    "credentials": Sla(timedelta(days=2), why="a lapsing credential takes days to renew"),
    "reviews": Sla(timedelta(days=5), why="review scheduling can wait a working week"),
    "onboarding": Sla(timedelta(days=1), why="a new hire's paperwork gates their first shift"),
    "skills": Sla(timedelta(days=2)),
}


def sla_for(workflow: str | None, overrides: Mapping[str, timedelta] | None = None) -> Sla:
    """The SLA of `workflow`: its row of the table, with `within` replaced by a configured override."""
    base = SLAS.get(workflow or "", DEFAULT_SLA)
    if overrides and workflow is not None and workflow in overrides:
        return Sla(overrides[workflow], base.before_deadline, base.why)
    return base


def due_at(sla: Sla, waiting_since: datetime, deadline: date | None = None) -> datetime:
    """When a review that started waiting at `waiting_since` falls due: `within` after it, or
    `before_deadline` ahead of the start (00:00 UTC) of its deadline's day, whichever comes first."""
    due = waiting_since + sla.within
    if sla.before_deadline is not None and deadline is not None:
        due = min(due, datetime.combine(deadline, time(0), UTC) - sla.before_deadline)
    return due


def overdue(due: datetime | None, now: datetime) -> bool:
    return due is not None and now >= due


def request_deadline(actions: Iterable[tuple[str, Mapping[str, Any], Mapping[str, Any]]]) -> date | None:
    """The earliest date the actions (name, args, proposal context) name as their own deadline: a task's
    `due_on`, the payroll export after a correction's pay period; None when none names one."""
    dates: list[date] = []
    for name, args, context in actions:
        if name == "create_task" and args.get("due_on"):
            dates.append(_date(args["due_on"]))
        if name == "patch_payroll" and context.get("pay_period_end"):
            end = _date(context["pay_period_end"])
            dates.append(end + timedelta(days=PAYROLL_EXPORT_DAYS_AFTER_PERIOD_END))
    return min(dates, default=None)


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))
