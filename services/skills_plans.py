"""Development plans: a staff member's gaps against their role's requirements, and the catalog courses that
close them (`GET /skills/plans/{staff_id}`, `procare-ai skills plan`).

The gaps come from the stored skills profile (its credentials, and its skills for the reader) and the
person's training records in Procare (hours and categories, which the stored profile does not keep);
agents.skills.plans judges them, agents.skills.courses picks the approved sessions near the center that
close each one and fit the person's scheduled shifts over the next 90 days (the schedule horizon). The
center's own needs (declared in procare-ai: services.center_needs) are checked against the skills profile
by agents.skills.needs, with the ranker `skills match` uses; each one not shown is a gap too. A
person without a stored profile yet gets one built and stored first (as a `staff.updated` would).
Read-only: assigning a course is the director's approval of a proposal (the mandated-training workflow),
never a side effect of looking at a plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from agents.common.people import display_name
from agents.common.training import MAX_HORIZON_DAYS, shift_intervals
from agents.common.types import local_date
from agents.skills.courses import CourseOption, course_fits, options_for
from agents.skills.needs import DeclaredNeed, NeedCheck, check_needs, need_gap
from agents.skills.plans import UNDER_24_MONTHS_GROUPS, Gap, gaps_for
from agents.skills.procare import staff_profile
from checkpoints import center_needs
from checkpoints import skills_profiles as store
from policies.mandated_training import training_role
from policies.rbac import Principal
from policies.training_courses import NEAR_KM, earliest_start
from services.context import Services
from services.errors import Forbidden, NotFound
from services.skills import current_skills, stored_row
from tools.errors import ProcareNotFound

NOT_MODELLED: list[str] = []
"""Requirements a plan cannot show, said in every answer rather than left out silently (none left)."""


@dataclass(frozen=True)
class PlannedGap:
    """One gap and the sessions that close it (best first); `on_plan` courses are assigned already."""

    gap: Gap
    options: list[CourseOption]
    on_plan: list[str]


@dataclass(frozen=True)
class DevelopmentPlan:
    staff_id: str
    center_id: str
    name: str
    position: str
    role: str
    state: str
    as_of: date
    skills: list[str]
    """The skills the stored profile shows (what the person already brings)."""
    items: list[PlannedGap]
    needs: list[NeedCheck]
    """Each need the center declared, shown by the profile (with the records) or not (then also a gap)."""


async def development_plan(services: Services, principal: Principal, staff_id: str) -> DevelopmentPlan:
    """The plan of one staff member of a center the caller sees (another center's staff: NotFound)."""
    if not principal.can("skills.read"):
        raise Forbidden(f"role {principal.role} may not read development plans")
    procare = services.deps.procare
    try:
        employee = await procare.get_employee(staff_id)
    except ProcareNotFound:
        employee = None
    if (
        employee is None
        or employee.employment_status != "active"
        or not principal.sees_center(employee.school_id)
    ):
        raise NotFound(f"no active staff member {staff_id}")
    school = await procare.get_school(employee.school_id)
    today = local_date(services.now(), school.timezone)
    stored = await store.load_staff(services.pool, school.school_id, staff_id)
    if stored is None:
        stored = stored_row(await staff_profile(procare, employee, today), today, "plan")
        await store.upsert_staff(services.pool, school.school_id, stored, at=services.now())
    records = [t async for t in procare.iter_training_records(employee_id=staff_id)]
    rooms = {c.classroom_id: c.age_group async for c in procare.iter_classrooms(school_id=school.school_id)}
    young = any(rooms.get(r) in UNDER_24_MONTHS_GROUPS for r in employee.classroom_ids)
    gaps = gaps_for(school, employee, stored.profile, records, today, cares_for_under_24_months=young)
    declared = [
        DeclaredNeed(n.need_id, n.need, n.declared_by, local_date(n.declared_at, school.timezone))
        for n in await center_needs.list_needs(services.pool, school.school_id)
    ]
    checks = check_needs(current_skills([stored], today)[0], declared)
    gaps += [need_gap(c) for c in checks if not c.shown]
    first, horizon = earliest_start(today), today + timedelta(days=MAX_HORIZON_DAYS)
    courses = [
        c
        async for c in procare.iter_training_courses(
            near_school_id=school.school_id, within_km=NEAR_KM, approved=True, start=first, end=horizon
        )
    ]
    shifts = [s async for s in procare.iter_shifts(employee_id=staff_id, start=first, end=horizon)]
    busy = shift_intervals(shifts, school.timezone)
    planned = [a async for a in procare.iter_training_plan(staff_id) if a.status == "assigned"]
    held = {a.course_id for a in planned}
    items = []
    for gap in gaps:
        options = options_for(gap, school.state, courses, today, busy=busy)
        on_plan = sorted(
            {c.course_id for c in courses if c.course_id in held and course_fits(gap, school.state, c)}
        )
        items.append(PlannedGap(gap, [o for o in options if o.course_id not in held], on_plan))
    return DevelopmentPlan(
        staff_id=staff_id,
        center_id=school.school_id,
        name=display_name(employee),
        position=employee.position,
        role=training_role(employee.position),
        state=school.state,
        as_of=today,
        skills=sorted(stored.skills.get("skills", {})),
        items=items,
        needs=checks,
    )


def plan_dict(plan: DevelopmentPlan) -> dict[str, Any]:
    """The plan as plain JSON (the API's answer and `procare-ai skills plan --json`)."""
    return {
        "staff_id": plan.staff_id,
        "center_id": plan.center_id,
        "name": plan.name,
        "position": plan.position,
        "role": plan.role,
        "state": plan.state,
        "as_of": plan.as_of.isoformat(),
        "skills": plan.skills,
        "gaps": [
            {
                "kind": item.gap.kind,
                "key": item.gap.key,
                "label": item.gap.label,
                "status": item.gap.status,
                "detail": item.gap.detail,
                "citation": item.gap.citation,
                "due_on": item.gap.due_on.isoformat() if item.gap.due_on else None,
                "hours_needed": item.gap.hours_needed,
                "on_plan": item.on_plan,
                "courses": [
                    {
                        "course_id": o.course_id,
                        "session_id": o.session_id,
                        "title": o.title,
                        "provider": o.provider,
                        "hours": o.hours,
                        "format": o.format,
                        "starts_on": o.starts_on.isoformat(),
                        "ends_on": o.ends_on.isoformat(),
                        "start_minutes": o.start_minutes,
                        "end_minutes": o.end_minutes,
                        "venue": o.venue,
                        "seats_left": o.seats_left,
                        "by_due_date": o.by_due_date,
                    }
                    for o in item.options
                ],
            }
            for item in plan.items
        ],
        "center_needs": [
            {
                "need_id": c.need.need_id,
                "need": c.need.need,
                "declared_by": c.need.declared_by,
                "declared_on": c.need.declared_on.isoformat(),
                "shown": c.shown,
                "score": round(c.score, 4),
                "reasons": c.reasons,
            }
            for c in plan.needs
        ],
        "not_modelled": NOT_MODELLED,
    }
