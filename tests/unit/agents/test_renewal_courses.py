"""Renewal courses in the credentials scan: the approved session near the center that fits the shifts and
ends before the expiry, proposed with the reminder, its seat held so no two proposals take the last one."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from langgraph.checkpoint.memory import InMemorySaver

from agents import credentials
from agents.common.ledger import MemoryLedger
from agents.common.llm import OfflineDrafter
from agents.common.training import renewal_candidates, shift_intervals
from agents.common.types import AgentContext, AgentOutput, Event, Proposal
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from graph.targets import check_targets
from policies.rollout import Phase
from services.runner import GraphRunner
from tests.clock import during
from tests.fakes import NOW, FakeProcare, credential, employee, school, shift
from tools.models import TrainingAssignment, TrainingCourse

TODAY = date(2026, 11, 2)  # a Monday; the cards below expire on 2026-11-30
AUSTIN = {"latitude": 30.2672, "longitude": -97.7431}
NEAR = {
    "venue": "Austin Safety Training Center",
    "city": "Austin",
    "state": "TX",
    "latitude": 30.30,
    "longitude": -97.70,
}
HOUSTON = {"venue": "Houston CPR", "city": "Houston", "state": "TX", "latitude": 29.76, "longitude": -95.37}
AHA = ["pediatric_cpr_aha", "first_aid_aha"]


def course(course_id: str, sessions: list[dict[str, Any]], **over: Any) -> TrainingCourse:
    base: dict[str, Any] = {
        "course_id": course_id,
        "provider": "American Heart Association",
        "title": "Heartsaver Pediatric First Aid CPR AED",
        "topic": "pediatric_first_aid_cpr",
        "category": "Health, Safety and Nutrition",
        "renews": AHA,
        "hours": 7.0,
        "format": "in_person",
        "approved": True,
        "location": NEAR,
        "sessions": [
            {
                "session_id": f"{course_id}-{n}",
                "timezone": "America/Chicago",
                "seats_total": 10,
                "seats_taken": 2,
                **s,
            }
            for n, s in enumerate(sessions, start=1)
        ],
    }
    return TrainingCourse.model_validate(base | over)


def day(on: date, start: int, end: int, **over: Any) -> dict[str, Any]:
    return {"starts_on": on, "ends_on": on, "start_minutes": start, "end_minutes": end, **over}


WEDNESDAY, SATURDAY, NEXT_SATURDAY = date(2026, 11, 11), date(2026, 11, 14), date(2026, 11, 7)


def catalog() -> list[TrainingCourse]:
    return [
        course("DAY", [day(WEDNESDAY, 540, 960)]),  # overlaps the 7:00-15:30 shift
        course("SAT", [day(SATURDAY, 510, 930, seats_taken=9)]),  # the last seat
        course("FAR", [day(NEXT_SATURDAY, 510, 930)], location=HOUSTON),
        course(
            "RC",
            [day(NEXT_SATURDAY, 540, 870)],
            provider="American Red Cross",
            title="Adult and Pediatric First Aid/CPR/AED",
            renews=["pediatric_cpr_red_cross", "first_aid_red_cross"],
        ),
        course(
            "VIDEO",
            [{"starts_on": TODAY, "ends_on": TODAY + timedelta(days=29), "self_paced": True}],
            format="online",
            location=None,
            approved=False,
        ),
        course("LATE", [day(date(2026, 12, 5), 510, 930)]),  # after the expiry
    ]


def weekday_shifts(employee_id: str) -> list[Any]:
    days = [TODAY + timedelta(days=n) for n in range(60)]
    return [shift(employee_id, "R1", 420, 930, date=d) for d in days if d.weekday() < 5]


def world(*people: str, cards: tuple[str, ...] = ("pediatric_cpr_aha",)) -> FakeProcare:
    fake = FakeProcare(schools=[school(**AUSTIN)], courses=catalog())
    for eid in people:
        fake.employees.append(employee(eid))
        fake.credentials += [
            credential(eid, kind, date(2024, 11, 5), credential_id=f"{eid}-{kind}") for kind in cards
        ]
        fake.shifts += weekday_shifts(eid)
    return fake


def ctx(fake: FakeProcare, ledger: MemoryLedger, phase: Phase = "assistive") -> AgentContext:
    return AgentContext(
        client=fake, drafter=OfflineDrafter(), as_of=during(TODAY), phase=phase, ledger=ledger
    )


async def run(
    fake: FakeProcare,
    ledger: MemoryLedger,
    *,
    event_id: str = "scan-1",
    only: str | None = None,
    phase: Phase = "assistive",
) -> AgentOutput:
    data = {"employee_id": only} if only else {}
    event = Event(id=event_id, type="scan.credentials", occurred_at=NOW, center_id="S1", data=data)
    return await credentials.run(event, ctx(fake, ledger, phase))


def assigned(out: AgentOutput) -> list[Proposal]:
    return [p for p in out.proposals if p.action == "assign_training"]


def test_candidates_are_approved_near_fitting_and_before_the_expiry_same_card_first() -> None:
    busy = shift_intervals(weekday_shifts("E1"), "America/Chicago")
    found = renewal_candidates(
        catalog(),
        "pediatric_cpr_aha",
        school(**AUSTIN),
        first=TODAY + timedelta(days=2),
        deadline=date(2026, 11, 30),
        busy=busy,
    )
    assert [(o.course.course_id, o.match) for o in found] == [("SAT", "same"), ("RC", "equivalent")]
    assert found[0].distance_km is not None and found[0].distance_km < 10
    no_coordinates = renewal_candidates(
        catalog(), "pediatric_cpr_aha", school(), first=TODAY, deadline=date(2026, 11, 30), busy=busy
    )
    assert no_coordinates == []  # nothing is near a center whose place is unknown (online ones aside)


async def test_an_expiring_card_gets_the_reminder_the_task_and_a_renewal_course() -> None:
    fake, ledger = world("E1"), MemoryLedger()
    out = await run(fake, ledger)
    assert {p.action for p in out.proposals} == {"send_message", "create_task", "assign_training"}
    (proposal,) = assigned(out)
    assert proposal.args == {
        "employee_id": "E1",
        "school_id": "S1",
        "course_id": "SAT",
        "session_id": "SAT-1",
        "credential_id": "E1-pediatric_cpr_aha",
        "due_on": "2026-11-14",
        "note": proposal.args["note"],
    }
    assert "2026-11-30" in proposal.args["note"] and "08:30-15:30" in proposal.description
    assert proposal.category == "task"
    assert "1 of 10 seats was left and one is held" in proposal.rationale  # the last seat
    assert ledger.seats == {"SAT-1": {"E1": "scan-1"}}
    assert (await check_targets(fake, proposal.args, center_id="S1")).problems == []


async def test_read_only_proposes_nothing_and_holds_no_seat() -> None:
    ledger = MemoryLedger()
    out = await run(world("E1"), ledger, phase="read_only")
    assert not out.proposals and not ledger.seats


async def test_the_last_seat_goes_once_within_a_scan_and_across_runs() -> None:
    fake, ledger = world("E1", "E2"), MemoryLedger()
    out = await run(fake, ledger)
    sessions = {p.args["employee_id"]: p.args["session_id"] for p in assigned(out)}
    assert sessions == {"E1": "SAT-1", "E2": "RC-1"}
    again = await run(fake, ledger, event_id="scan-2")  # the next scan, both still waiting for review
    assert {p.args["employee_id"]: p.args["session_id"] for p in assigned(again)} == sessions
    other, shared = world("E3", "E4"), MemoryLedger()
    first = await run(other, shared, event_id="staff-E3", only="E3")
    second = await run(other, shared, event_id="staff-E4", only="E4")
    assert [p.args["session_id"] for p in assigned(first)] == ["SAT-1"]
    assert [p.args["session_id"] for p in assigned(second)] == ["RC-1"]


async def test_one_class_renewing_cpr_and_first_aid_is_proposed_once() -> None:
    out = await run(world("E1", cards=("pediatric_cpr_aha", "first_aid_aha")), MemoryLedger())
    (proposal,) = assigned(out)
    assert "also renews Pediatric First Aid" in proposal.rationale
    assert [p.action for p in out.proposals].count("send_message") == 2


async def test_nothing_is_proposed_when_the_plan_already_holds_a_renewal_or_nothing_fits() -> None:
    fake = world("E1")
    fake.plan.append(
        TrainingAssignment(
            assignment_id="TA1",
            employee_id="E1",
            school_id="S1",
            course_id="RC",
            session_id="RC-1",
            created_at=NOW,
        )
    )
    assert assigned(await run(fake, MemoryLedger())) == []
    busy_saturdays = world("E1")
    busy_saturdays.shifts += [shift("E1", "R1", 480, 720, date=d) for d in (NEXT_SATURDAY, SATURDAY)]
    assert assigned(await run(busy_saturdays, MemoryLedger())) == []


async def test_the_targets_check_covers_the_credential_holder_and_the_catalog() -> None:
    fake = world("E1", "E2")
    out = await run(fake, MemoryLedger())
    proposal = next(p for p in assigned(out) if p.args["employee_id"] == "E1")
    foreign_card = {**proposal.args, "credential_id": "E2-pediatric_cpr_aha"}
    assert (await check_targets(fake, foreign_card, center_id="S1")).problems == [
        "credential E2-pediatric_cpr_aha is not E1's"
    ]
    unknown = {**proposal.args, "course_id": "NOPE"}
    assert (await check_targets(fake, unknown, center_id="S1")).problems == [
        "training course NOPE is not in the catalog"
    ]
    foreign_session = {**proposal.args, "session_id": "RC-1"}
    assert (await check_targets(fake, foreign_session, center_id="S1")).problems == [
        "training session RC-1 is not a session of SAT"
    ]
    elsewhere = {**proposal.args, "school_id": "S2"}
    assert (await check_targets(fake, elsewhere, center_id="S1")).problems == [
        "school S2 is not in center S1"
    ]


def graph_runner(fake: FakeProcare, ledger: MemoryLedger) -> GraphRunner:
    deps = Dependencies(
        procare=fake,
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "credentials"): "assistive"}),
        ledger=ledger,
        clock=lambda: NOW,
    )
    return GraphRunner(build_graph(InMemorySaver()), GraphContext(as_of=during(TODAY).isoformat()), deps)


async def test_execute_gives_the_seat_back_once_the_decision_is_final() -> None:
    fake, ledger = world("E1", "E2"), MemoryLedger()
    run = graph_runner(fake, ledger)
    paused = await run.start(Event(id="scan-g", type="scan.credentials", occurred_at=NOW, center_id="S1"))
    pending = [p for p in paused.state.proposals if p.id in paused.state.pending]
    assert ledger.seats == {"SAT-1": {"E1": "scan-g"}, "RC-1": {"E2": "scan-g"}}
    fake.courses[3].sessions[0].seats_taken = 10  # RC-1 filled up by others before the approval
    decisions = [
        {"type": "reject"}
        if p.action == "assign_training" and p.args["employee_id"] == "E1"
        else {"type": "approve"}
        for p in pending
    ]
    done = await run.resume(paused.thread_id, {"decisions": decisions}, reviewer="maria")
    (refused,) = [r for r in done.state.results if r.action == "assign_training"]
    assert not refused.ok and not refused.retryable  # the full class: a 409, for good
    assert ledger.seats == {"SAT-1": {}, "RC-1": {}}  # rejected, refused: both seats are given back
    assert fake.plan == [] and not [n for n in fake.notes if "Training" in n.text]


async def test_the_directors_task_says_what_the_course_search_found() -> None:
    def task_body(out: AgentOutput) -> str:
        """The tasks' bodies (the one about the expiring card, and one per card missing)."""
        return "\n".join(str(p.args["body"]) for p in out.proposals if p.action == "create_task")

    found = task_body(await run(world("E1"), MemoryLedger()))
    assert "Renewal course proposed: Maria Lopez to Heartsaver Pediatric First Aid CPR AED" in found
    assert "on 2026-11-14 08:30-15:30" in found
    busy = world("E1")
    busy.shifts += [shift("E1", "R1", 480, 720, date=d) for d in (NEXT_SATURDAY, SATURDAY)]
    assert (
        "No approved renewal course near the center with a free seat fits Maria's shifts before 2026-11-30"
        in (task_body(await run(busy, MemoryLedger())))
    )
    check = world("E1", cards=("background_check",))
    check.credentials[0] = check.credentials[0].model_copy(update={"issued_on": date(2021, 10, 1)})
    assert "course" not in task_body(await run(check, MemoryLedger()))  # no course renews a background check
