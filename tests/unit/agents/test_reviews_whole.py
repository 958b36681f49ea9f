"""Reviews whole on a fake Procare: timing around leave and incidents, a slot on both calendars, the form
pre-filled with sourced agenda points, and the guardrail refusing any claim without a source."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agents import reviews
from agents.common.llm import OfflineDrafter
from agents.common.types import AgentContext, AgentOutput, Event, Proposal
from graph.guardrails import check_action
from policies.rollout import Phase
from tests.clock import during
from tests.fakes import NOW, FakeProcare, credential, employee, shift, training
from tools.models import BusyInterval, Incident, Leave, Observation, PerformanceReview, TimePunch

TODAY = date(2026, 11, 2)  # a Monday
CHI = ZoneInfo("America/Chicago")
WEEK = [date(2026, 10, 26) + timedelta(days=n) for n in range(5)]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHI)


def punch(day: date, hour: int, minute: int) -> TimePunch:
    return TimePunch(
        punch_id=f"P-{day:%m%d}",
        employee_id="E1",
        school_id="S1",
        punched_at=at(day, hour, minute),
        kind="in",
    )


def world() -> FakeProcare:
    fake = FakeProcare(
        employees=[
            employee("E-DIR", first_name="Dana", last_name="Diaz", position="Director"),
            employee("E1", first_name="Ana", bio="Loves music time."),
        ]
    )
    fake.reviews = [
        PerformanceReview(
            review_id="RV-E1",
            employee_id="E1",
            school_id="S1",
            due_on=date(2026, 11, 12),
            status="scheduled",
            reviewer_employee_id="E-DIR",
        )
    ]
    fake.shifts = [shift("E1", "R1", 420, 900, date=d, shift_id=f"SH-{d:%m%d}") for d in WEEK]
    fake.punches = [punch(d, 6, 58) for d in WEEK[:2]] + [punch(WEEK[2], 7, 20), punch(WEEK[3], 6, 55)]
    fake.observations = [
        Observation(
            observation_id="O1",
            employee_id="E1",
            school_id="S1",
            observed_on=date(2026, 10, 12),
            observer_employee_id="E-DIR",
            area="transitions",
            rating="meets",
            note="Calm transition to lunch.",
        )
    ]
    fake.incidents = [
        Incident(
            incident_id="I5",
            school_id="S1",
            classroom_id="R1",
            occurred_at=at(date(2026, 10, 30), 10),
            kind="injury",
            severity="low",
            description="Scraped knee on the playground.",
            staff_ids=["E1"],
        )
    ]
    fake.training = [
        training("E1", 2.0, "Health and Safety", training_id="T1", completed_on=date(2026, 9, 1))
    ]
    fake.credentials = [credential("E1", "pediatric_cpr_aha", date(2025, 1, 10), credential_id="C1")]
    fake.leaves = [
        Leave(
            leave_id="L1",
            employee_id="E1",
            school_id="S1",
            kind="vacation",
            start=date(2026, 11, 6),
            end=date(2026, 11, 9),
        )
    ]
    fake.busy = [
        BusyInterval(
            employee_id="E-DIR", start=at(date(2026, 11, 10), 9), end=at(date(2026, 11, 10), 12), busy_id="b1"
        ),
        BusyInterval(
            employee_id="E1", start=at(date(2026, 11, 10), 13), end=at(date(2026, 11, 10), 14), busy_id="b2"
        ),
    ]
    return fake


async def scan(fake: FakeProcare, phase: Phase = "automation", **data: Any) -> AgentOutput:
    ctx = AgentContext(client=fake, drafter=OfflineDrafter(), as_of=during(TODAY), phase=phase)
    event = Event(id="scan-reviews-S1", type="scan.reviews", occurred_at=NOW, center_id="S1", data=data)
    return await reviews.run(event, ctx)


def one(out: AgentOutput, action: str) -> Proposal:
    [found] = [p for p in out.proposals if p.action == action and p.staff_ids == ["E1"]]
    return found


async def test_the_review_is_booked_after_the_incident_week_and_the_leave_in_a_slot_both_calendars_hold() -> (
    None
):
    out = await scan(world())
    booking = one(out, "book_calendar")
    # 11-02..11-05: the week after incident I5 (10-30); 11-06..11-09: leave; 11-10: the director is busy
    # 9-12 and Ana 13-14, each widened by the 15-minute buffer: the first free hour is 14:15.
    assert (
        booking.args["start"] == "2026-11-10T14:15:00-06:00"
        and booking.args["end"] == "2026-11-10T15:15:00-06:00"
    )
    assert booking.args["attendee_employee_ids"] == ["E-DIR", "E1"] and booking.args["review_id"] == "RV-E1"
    assert "incident I5" in booking.rationale and "on leave" in booking.rationale
    assert check_action(booking, "book_calendar", booking.args) == []
    on_leave = {**booking.args, "start": "2026-11-06T10:00:00-06:00", "end": "2026-11-06T11:00:00-06:00"}
    assert check_action(booking, "book_calendar", on_leave) == [
        "book_calendar: no review on 2026-11-06 (on leave)"
    ]
    brief = one(out, "create_task")
    assert "Tue 2026-11-10 14:15-15:15 CST" in brief.args["body"]


async def test_the_form_is_prefilled_with_sourced_points_and_an_unsourced_claim_is_refused() -> None:
    out = await scan(world())
    prefill = one(out, "prefill_review_form")
    assert prefill.args["review_id"] == "RV-E1"
    lines = prefill.args["form"]["agenda"].splitlines()
    assert lines == [
        "- Punctuality: 1 of 5 scheduled shifts since 2026-08-04 began more than 7 minutes late "
        "[time_punch:P-1028]",
        "- Attendance: no clock-in on 1 of 5 scheduled shifts since 2026-08-04 [shift:SH-1030]",
        '- Observation: 2026-10-12, transitions, rated meets: "Calm transition to lunch." [observation:O1]',
        "- Incident: 2026-10-30: injury recorded as low severity, with this staff member present "
        "[incident:I5]",
        "- Training: 2 hours completed since 2025-11-02 (Health and Safety 2 h) [training_record:T1]",
        "- Credential: Pediatric CPR (American Heart Association) valid through 2027-01-31 [credential:C1]",
    ]
    assert check_action(prefill, "prefill_review_form", prefill.args) == []
    unsourced = {"review_id": "RV-E1", "form": {"agenda": lines[0] + "\n- Attitude: great team player"}}
    [problem] = check_action(prefill, "prefill_review_form", unsourced)
    assert "line 2 makes a claim without a source" in problem
    invented = {"review_id": "RV-E1", "form": {"agenda": "- Incident: hit a child [incident:I999]"}}
    assert "not read: incident:I999" in check_action(prefill, "prefill_review_form", invented)[0]


async def test_assistive_books_but_never_writes_the_form() -> None:
    out = await scan(world(), phase="assistive")
    assert one(out, "book_calendar") and not [p for p in out.proposals if p.action == "prefill_review_form"]


async def test_a_review_because_of_the_incident_is_held_now_and_an_existing_booking_is_not_booked_again() -> (
    None
):
    out = await scan(world(), employee_id="E1", reason_incident_id="I5")
    booking = one(out, "book_calendar")
    assert booking.args["start"] == "2026-11-02T09:00:00-06:00"
    assert [f.kind for f in out.findings] == ["review_after_incident"]
    fake = world()
    fake.reviews = [
        fake.reviews[0].model_copy(update={"scheduled_for": datetime(2026, 11, 11, 15, tzinfo=UTC)})
    ]
    again = await scan(fake)
    assert not [p for p in again.proposals if p.action == "book_calendar"]
