"""The review's two new proposals: a booking on both calendars and the pre-filled form.

Their targets and times come from rules and Procare's records (policies.review_timing, policies.scheduling,
the review record); the form's text is the agenda, each line citing its records, which the guardrails
check again against what was read (`context["sources"]`).
"""

from __future__ import annotations

from agents.common.types import Proposal, stable_id
from policies.review_agenda import AgendaPoint, render
from policies.review_timing import ReviewTiming
from policies.scheduling import Slot
from tools.models import Employee, PerformanceReview, School

WORKFLOW = "reviews"


def booking(
    school: School,
    employee: Employee,
    director: Employee,
    slot: Slot,
    alternatives: list[Slot],
    timing: ReviewTiming,
    review: PerformanceReview | None,
    *,
    name: str,
    finding_id: str,
) -> Proposal:
    """`book_calendar`: the earliest free hour both calendars hold on an allowed day."""
    args = {
        "school_id": school.school_id,
        "title": f"Performance review: {name} ({timing.kind})",
        "start": slot.start.isoformat(),
        "end": slot.end.isoformat(),
        "attendee_employee_ids": [director.employee_id, employee.employee_id],
        "note": f"{timing.kind.capitalize()} review due {timing.due}; allowed days "
        f"{timing.window_start} to {timing.window_end}"
        + ("; pushed past the window by leave or incidents" if timing.pushed else ""),
    }
    if review is not None:
        args["review_id"] = review.review_id
    others = "; ".join(s.label for s in alternatives) or "none"
    blocked = ", ".join(f"{b.start} to {b.end} ({b.reason})" for b in timing.blocked) or "-"
    return Proposal(
        id=stable_id(WORKFLOW, "booking", employee.employee_id, str(timing.due)),
        workflow=WORKFLOW,
        action="book_calendar",
        args=args,
        description=f"Book {name}'s {timing.kind} review with {director.first_name} {director.last_name}: "
        f"{slot.label}",
        rationale=f"First hour free on both calendars on a day the review may be held. Other free slots: "
        f"{others}. Not on: {blocked}.",
        staff_ids=[employee.employee_id],
        finding_id=finding_id,
        citation=timing.citation,
        context={
            "tz": school.timezone,
            "blocked": [[b.start.isoformat(), b.end.isoformat(), b.reason] for b in timing.blocked],
        },
    )


def prefill(
    review: PerformanceReview, points: list[AgendaPoint], sources: list[str], *, name: str, finding_id: str
) -> Proposal:
    """`prefill_review_form`: the agenda written into the review's form (an automation-phase write)."""
    return Proposal(
        id=stable_id(WORKFLOW, "prefill", review.review_id),
        workflow=WORKFLOW,
        action="prefill_review_form",
        args={"review_id": review.review_id, "form": {"agenda": render(points)}},
        description=f"Pre-fill {name}'s review form with {len(points)} agenda points from Procare records",
        rationale="Agenda from attendance, observations, incidents, training and credentials only; each line "
        "cites the records it was computed from.",
        staff_ids=[review.employee_id],
        finding_id=finding_id,
        citation="Center review policy (objective agenda; policies.review_agenda)",
        context={"sources": sorted(sources)},
    )
