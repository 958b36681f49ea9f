"""The ratio agent with a fake Procare: live violations, predicted gaps, coverage choice, reads per room.

The world is a Texas center on Monday 2026-11-02 (America/Chicago, 14:00 UTC = 08:00 local). Room R1 is
a toddler room (20-month-olds: Texas 1:9, 26 TAC 746.1609); R2 and R3 are preschool rooms (4-year-olds).
Required staff always comes from policies.ratios in the assertions, never from a constant here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents import ratios
from agents.common.ledger import MemoryLedger
from agents.common.llm import OfflineDrafter
from agents.common.types import AgentContext, Event, Finding
from agents.ratios.room_tracker import Gap, coalesce
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies.ratios import required_staff
from policies.rollout import Phase
from services.runner import GraphRunner
from tests.clock import during
from tests.fakes import FakeProcare, child, classroom, credential, employee, shift
from tools.models import ShiftBreak

TODAY = date(2026, 11, 2)
EIGHT_AM = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)
TODDLER_AGE = 20
TX_TODDLERS = 10  # needs 2 staff in Texas at 1:9


def valid_credentials(employee_id: str) -> list[Any]:
    return [
        credential(employee_id, "pediatric_cpr_aha", date(2025, 6, 1)),
        credential(employee_id, "first_aid_aha", date(2025, 6, 1)),
        credential(employee_id, "background_check", date(2023, 1, 5)),
    ]


def meal(start: int) -> list[ShiftBreak]:
    return [ShiftBreak(start_minutes=start, end_minutes=start + 30, kind="meal")]


def world(*, floaters: bool = True) -> FakeProcare:
    """R1 toddlers with two teachers whose meal breaks leave it one short 11:00-11:30 and 12:00-12:30."""
    fake = FakeProcare(
        classrooms=[
            classroom("R1", name="Toddlers"),
            classroom("R2", name="Preschool A", age_group="preschool"),
            classroom("R3", name="Preschool B", age_group="preschool"),
        ]
    )
    fake.attendance = [child(f"K{i}", "R1", TODDLER_AGE) for i in range(TX_TODDLERS)]
    fake.attendance += [child(f"P{i}", "R2", 48) for i in range(15)]  # 1 staff needed at 1:18
    fake.attendance += [child(f"Q{i}", "R3", 48) for i in range(5)]
    people: list[tuple[str, str, str | None, list[ShiftBreak]]] = [
        ("E1", "Lead Teacher", "R1", meal(660)),
        ("E2", "Assistant Teacher", "R1", meal(720)),
        ("P1", "Lead Teacher", "R2", meal(840)),
        ("Q1", "Lead Teacher", "R3", meal(840)),
        ("Q2", "Assistant Teacher", "R3", meal(870)),
    ]
    if floaters:
        people += [
            ("F2", "Floater", None, meal(900)),  # no pediatric CPR on file
            ("F3", "Floater", None, meal(900)),  # a long week: overtime
            ("F4", "Floater", None, meal(650)),  # on a break at 11:00
            ("F9", "Floater", None, meal(900)),  # the one who fits
        ]
    for emp_id, position, room, breaks in people:
        fake.employees.append(
            employee(emp_id, position=position, first_name=emp_id, is_floater=position == "Floater")
        )
        fake.shifts.append(shift(emp_id, room, 420, 1020, breaks=breaks))
        creds = valid_credentials(emp_id)
        fake.credentials += [c for c in creds if not (emp_id == "F2" and c.kind == "pediatric_cpr_aha")]
    if floaters:
        for offset in range(1, 5):  # Tue-Fri 9.5 paid hours each: 47.5 h with Monday
            fake.shifts.append(shift("F3", None, 420, 1020, date=TODAY + timedelta(days=offset)))
    return fake


def context(fake: FakeProcare, phase: Phase = "assistive", **settings: Any) -> AgentContext:
    return AgentContext(
        client=fake,
        drafter=OfflineDrafter(),
        as_of=during(TODAY),
        phase=phase,
        settings=dict(settings),
        ledger=MemoryLedger(),
    )


def event(kind: str, data: dict[str, Any], *, at: datetime = EIGHT_AM, event_id: str = "evt-1") -> Event:
    return Event(id=event_id, type=kind, occurred_at=at, center_id="S1", data=data)


def only(findings: list[Finding], kind: str) -> list[Finding]:
    return [f for f in findings if f.kind == kind]


async def test_a_staff_check_out_is_a_live_violation_alerted_at_once() -> None:
    fake = world()
    ctx = context(fake)
    out = await ratios.run(
        event(
            "attendance.changed",
            {"classroom_id": "R1", "employee_id": "E2", "action": "check_out", "minute": 600},
        ),
        ctx,
    )
    [live] = only(out.findings, "live_ratio_violation")
    assert live.severity == "critical" and live.alert
    needed = required_staff("TX", [TODDLER_AGE] * TX_TODDLERS)
    assert live.evidence["required_staff"] == needed and live.evidence["staff_present"] == needed - 1
    assert "746.1609" in (live.citation or "")
    assert live.evidence["coverage"] == ["F9"]
    [task] = [p for p in out.proposals if p.finding_id == live.id]
    assert task.action == "create_task" and task.args["priority"] == "urgent"
    assert task.description.startswith("Create an urgent-priority ratio task")  # not "a urgent"
    assert "F9" in task.args["body"]

    again = await ratios.run(
        event(
            "attendance.changed",
            {"classroom_id": "R1", "child_id": "K1", "action": "check_in", "minute": 610},
            event_id="evt-2",
        ),
        ctx,
    )
    [still] = only(again.findings, "live_ratio_violation")
    assert still.id == live.id and not still.alert  # one alert per violation, not one per event
    assert still.evidence["since_minute"] == 600  # E2's check-out, known from the ledger, not a cache
    assert [s.data["staff_present"] for s in again.reads if s.kind == "room_snapshot"] == [
        live.staff_ids
    ]  # the second event's own checkpoint holds the room it judged
    retried = await ratios.run(
        event(
            "attendance.changed",
            {"classroom_id": "R1", "employee_id": "E2", "action": "check_out", "minute": 600},
        ),
        ctx,
    )  # the first event's job run again (a crash before its checkpoint): its alert is not lost
    assert only(retried.findings, "live_ratio_violation")[0].alert


async def test_a_break_is_predicted_with_its_window_and_size_before_it_starts() -> None:
    out = await ratios.run(event("schedule.published", {"date": str(TODAY)}), context(world()))
    predicted = only(out.findings, "predicted_ratio_violation")
    windows = [
        (f.evidence["classroom_id"], f.evidence["start_minutes"], f.evidence["end_minutes"])
        for f in predicted
    ]
    # Both toddler-room meal breaks, and Preschool A's only teacher's meal break; nothing else.
    assert windows == [("R1", 660, 690), ("R1", 720, 750), ("R2", 840, 870)]
    assert all(f.evidence["staff_short"] == 1 and f.alert and f.severity == "warning" for f in predicted)
    assert all(f.evidence["projected_at_minute"] == 480 < f.evidence["start_minutes"] for f in predicted)
    assert "11:00-11:30" in predicted[0].summary
    assert out.report is not None and "Toddlers" in out.report


async def test_coverage_skips_the_unqualified_the_unavailable_and_overtime() -> None:
    out = await ratios.run(event("schedule.published", {"date": str(TODAY)}), context(world(), "automation"))
    first = only(out.findings, "predicted_ratio_violation")[0]
    passed = first.evidence["passed_over"]
    assert "Pediatric CPR" in passed["F2"]
    assert "overtime" in passed["F3"] and "29 U.S.C. 207" in passed["F3"]
    assert "break" in passed["F4"]
    moves = [p for p in out.proposals if p.finding_id == first.id]
    assert [(p.action, p.args["employee_id"]) for p in moves] == [("create_staff_move", "F9")]
    assert moves[0].args | {"reason": ""} == {
        "classroom_id": "R1",
        "employee_id": "F9",
        "date": "2026-11-02",
        "start_minutes": 660,
        "end_minutes": 690,
        "reason": "",
    }
    assert all(p.action == "create_staff_move" for p in out.proposals)


async def test_coverage_from_a_room_with_slack_never_empties_a_room_that_needs_its_teacher() -> None:
    schedule = event("schedule.published", {"date": str(TODAY)})
    out = await ratios.run(schedule, context(world(floaters=False), "automation"))
    first = only(out.findings, "predicted_ratio_violation")[0]
    [move] = [p for p in out.proposals if p.finding_id == first.id]
    assert move.args["employee_id"] in {"Q1", "Q2"}  # R3 has 5 children and 2 staff: slack of 1
    assert "Preschool B" in move.description

    fake = world(floaters=False)
    fake.shifts = [s for s in fake.shifts if s.employee_id != "Q2"]  # now every room needs its teacher
    out = await ratios.run(schedule, context(fake, "automation"))
    first = only(out.findings, "predicted_ratio_violation")[0]
    assert "needed in Preschool A" in first.evidence["passed_over"]["P1"]
    assert "needed in Preschool B" in first.evidence["passed_over"]["Q1"]
    [task] = [p for p in out.proposals if p.finding_id == first.id]
    assert task.action == "create_task" and "No qualified, available staff" in task.args["body"]


async def test_assistive_proposes_a_director_task_and_read_only_only_findings() -> None:
    schedule = event("schedule.published", {"date": str(TODAY)})
    assistive = await ratios.run(schedule, context(world(), "assistive"))
    assert {p.action for p in assistive.proposals} == {"create_task"}
    assert all(p.args["priority"] == "high" for p in assistive.proposals)
    assert all(p.description.startswith("Create a high-priority ratio task") for p in assistive.proposals)
    read_only = await ratios.run(schedule, context(world(), "read_only"))
    assert read_only.proposals == []
    assert len(only(read_only.findings, "predicted_ratio_violation")) == 3


async def test_each_event_reads_only_its_room_and_keeps_what_it_judged_in_its_own_reads() -> None:
    fake = world()
    ctx = context(fake)
    await ratios.run(
        event(
            "attendance.changed",
            {"classroom_id": "R3", "child_id": "Q9", "action": "check_in", "minute": 480, "age_months": 50},
        ),
        ctx,
    )
    rooms_read = [args["classroom_id"] for name, args in fake.read_log if name == "iter_attendance"]
    assert rooms_read == ["R3"]
    assert {name for name, _ in fake.read_log} == {
        "iter_classrooms",
        "iter_shifts",
        "list_staff_moves",
        "iter_attendance",
    }
    fake.read_log.clear()
    out = await ratios.run(
        event(
            "attendance.changed",
            {"classroom_id": "R3", "child_id": "Q1", "action": "check_out", "minute": 490},
            event_id="evt-2",
        ),
        ctx,
    )
    # A second event for the same room reads it again (no process memory): its data is in its own run.
    assert [args["classroom_id"] for name, args in fake.read_log if name == "iter_attendance"] == ["R3"]
    [snapshot] = [r for r in out.reads if r.kind == "room_snapshot"]
    assert snapshot.id == f"R3:{TODAY}:490" and snapshot.data["minute"] == 490
    q1 = next(c for c in snapshot.data["children"] if c["child_id"] == "Q1")
    assert q1["check_out"] == 490
    assert {r.kind for r in out.reads} >= {"school", "classroom", "shift", "attendance", "room_snapshot"}
    assert only(out.findings, "live_ratio_violation") == []
    assert not any(f.alert for f in out.findings)  # what it predicts was alerted by the first event


async def test_the_sandbox_event_shape_is_understood() -> None:
    fake = world()
    fake.attendance = [a for a in fake.attendance if a.child_id != "K9"]
    fake.attendance.append(child("K9", "R1", TODDLER_AGE, check_in_minutes=None))
    out = await ratios.run(
        event(
            "attendance.changed",
            {"classroom_id": "R1", "child_id": "K9", "date": str(TODAY), "check_in_minutes": 470},
        ),
        context(fake),
    )
    assert only(out.findings, "attendance_event_incomplete") == []
    assert only(out.findings, "live_ratio_violation") == []  # both teachers are in at 7:50
    assert [f.evidence["start_minutes"] for f in only(out.findings, "predicted_ratio_violation")] == [
        660,
        720,
    ]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ({"child_id": "K1", "action": "check_in", "minute": 500}, "without classroom_id"),
        (
            {"classroom_id": "R1", "action": "check_in", "minute": 500},
            "exactly one of child_id or employee_id",
        ),
        ({"classroom_id": "R1", "child_id": "K1", "minute": 500}, "action"),
        ({"classroom_id": "R1", "child_id": "K1", "action": "transfer", "minute": 500}, "to_classroom_id"),
        ({"classroom_id": "R9", "child_id": "K1", "action": "check_in", "minute": 500}, "R9"),
        ({"classroom_id": "R1", "child_id": "NEW", "action": "check_in", "minute": 500}, "gives no age"),
    ],
)
async def test_an_incomplete_event_is_a_clear_finding_not_a_crash(
    data: dict[str, Any], fragment: str
) -> None:
    out = await ratios.run(event("attendance.changed", data), context(world()))
    assert any(fragment in f.summary for f in only(out.findings, "attendance_event_incomplete"))


async def test_a_transfer_updates_both_rooms() -> None:
    fake = world()
    ctx = context(fake)
    for n in range(8):  # TX toddler group cap is 18: 10 + 8 = 18 still needs only 2 staff
        fake.attendance.append(child(f"T{n}", "R1", TODDLER_AGE, check_in_minutes=500))
        await ratios.run(
            event(
                "attendance.changed",
                {
                    "classroom_id": "R1",
                    "child_id": f"T{n}",
                    "action": "check_in",
                    "minute": 500,
                    "age_months": TODDLER_AGE,
                },
                event_id=f"in-{n}",
            ),
            ctx,
        )
    out = await ratios.run(
        event(
            "attendance.changed",
            {
                "classroom_id": "R2",
                "child_id": "P1",
                "action": "transfer",
                "minute": 510,
                "to_classroom_id": "R1",
            },
            event_id="move",
        ),
        ctx,
    )
    [live] = only(out.findings, "live_ratio_violation")
    assert live.evidence["children"] == TX_TODDLERS + 9 and live.evidence["group_size_exceeded"]
    [origin] = [r for r in out.reads if r.kind == "room_snapshot" and r.data["classroom_id"] == "R2"]
    [p1] = [c for c in origin.data["children"] if c["child_id"] == "P1"]
    assert p1["check_out"] == 510  # left R2 at the transfer: the origin as judged is in this run's reads
    gone = [c for c in origin.data["children"] if c["check_out"] is not None and c["check_out"] <= 510]
    assert len(origin.data["children"]) - len(gone) == 14


async def test_a_stricter_center_policy_wins_and_a_looser_one_is_ignored() -> None:
    data = {"classroom_id": "R3", "child_id": "Q9", "action": "check_in", "minute": 480, "age_months": 48}
    strict = await ratios.run(
        event("attendance.changed", data | {"center_policy": {"children_per_staff": 2}}), context(world())
    )
    [live] = only(strict.findings, "live_ratio_violation")
    assert live.evidence["required_staff"] == 3 and "center policy 1:2" in live.evidence["explanation"]
    loose = await ratios.run(
        event("attendance.changed", data | {"center_policy": {"children_per_staff": 40}}), context(world())
    )
    assert only(loose.findings, "live_ratio_violation") == []
    bad = await ratios.run(
        event("attendance.changed", data | {"center_policy": {"children_per_staff": 0}}), context(world())
    )
    assert [f.kind for f in bad.findings] == ["center_policy_invalid"]


async def test_a_setting_policy_applies_too() -> None:
    data = {"classroom_id": "R3", "child_id": "Q9", "action": "check_in", "minute": 480, "age_months": 48}
    out = await ratios.run(
        event("attendance.changed", data), context(world(), ratio_center_policy={"min_staff": 3})
    )
    [live] = only(out.findings, "live_ratio_violation")
    assert live.evidence["required_staff"] == 3


async def test_through_the_graph_an_approved_move_is_written_once() -> None:
    fake = world()
    runner = GraphRunner(
        build_graph(InMemorySaver()),
        GraphContext(as_of=during(TODAY).isoformat()),
        Dependencies(  # a provider of its own: its ledger is this test's alone
            procare=fake,
            drafter=OfflineDrafter(),
            rollout=StaticRollout({("*", "ratios"): "automation"}),
            clock=lambda: EIGHT_AM,
        ),
    )
    first = await runner.start(event("schedule.published", {"date": str(TODAY)}))
    assert first.status == "awaiting_review" and first.request is not None
    names = [a["name"] for a in first.request["action_requests"]]
    assert names == ["create_staff_move"] * 3  # R1 11:00, R1 12:00, R2 14:00
    decisions = [{"type": "approve"}, {"type": "reject"}, {"type": "reject"}]
    done = await runner.resume(first.thread_id, {"decisions": decisions}, reviewer="dir-1")
    assert done.status == "done"
    moves = [
        (n, body["employee_id"], body["start_minutes"]) for n, body in fake.effects if n != "add_staff_note"
    ]
    assert moves == [("create_staff_move", "F9", 660)]
    assert [(n.employee_id, n.author) for n in fake.notes] == [("F9", "procare-ai")]


def _with_meals(fake: FakeProcare, meals: dict[str, int]) -> FakeProcare:
    """Move the meal breaks of the named staff (on Monday) to new start minutes."""
    fake.shifts = [
        s.model_copy(update={"breaks": meal(meals[s.employee_id])})
        if s.employee_id in meals and s.date == TODAY
        else s
        for s in fake.shifts
    ]
    return fake


async def test_close_spells_of_one_room_are_one_window_with_one_proposal() -> None:
    fake = _with_meals(world(), {"E2": 700})  # E1 eats 11:00-11:30, E2 11:40-12:10: ten minutes apart
    out = await ratios.run(event("schedule.published", {"date": str(TODAY)}), context(fake, "automation"))
    r1 = [f for f in only(out.findings, "predicted_ratio_violation") if f.evidence["classroom_id"] == "R1"]
    [window] = r1
    assert (window.evidence["start_minutes"], window.evidence["end_minutes"]) == (660, 730)
    assert window.evidence["spells"] == [[660, 690], [700, 730]]
    assert "2 short spells: 11:00-11:30, 11:40-12:10" in window.summary
    [move] = [p for p in out.proposals if p.finding_id == window.id]
    assert move.action == "create_staff_move"
    assert (move.args["start_minutes"], move.args["end_minutes"]) == (660, 730)


async def test_a_window_two_staff_short_gets_one_task_naming_both_suggestions() -> None:
    fake = _with_meals(world(), {"E2": 660})  # both toddler teachers eat at 11:00
    out = await ratios.run(event("schedule.published", {"date": str(TODAY)}), context(fake, "automation"))
    first = only(out.findings, "predicted_ratio_violation")[0]
    assert first.evidence["staff_short"] == 2 and len(first.evidence["coverage"]) == 2
    [action] = [p for p in out.proposals if p.finding_id == first.id]
    assert action.action == "create_task"
    assert all(emp in action.args["body"] for emp in first.evidence["coverage"])


async def test_proposals_are_capped_per_run_and_the_rest_are_counted_and_proposed_later() -> None:
    fake = world()
    ctx = context(fake, "automation", ratio_max_proposal_windows=2)
    out = await ratios.run(event("schedule.published", {"date": str(TODAY)}), ctx)
    predicted = only(out.findings, "predicted_ratio_violation")
    assert len(predicted) == 3 and len(out.proposals) == 2  # the two soonest windows
    assert {p.finding_id for p in out.proposals} == {predicted[0].id, predicted[1].id}
    late = predicted[2]
    assert late.evidence["coverage_deferred"] and "coverage" not in late.evidence
    [capped] = only(out.findings, "coverage_proposals_capped")
    assert capped.severity == "info" and capped.evidence["windows_deferred"] == 1
    assert capped.evidence["deferred_finding_ids"] == [late.id] and "14:00" in capped.summary
    assert out.report is not None and "1 more short window" in out.report

    # The next attendance event that sees the deferred window (already alerted) proposes coverage for it.
    later = await ratios.run(
        event(
            "attendance.changed",
            {"classroom_id": "R2", "child_id": "P1", "action": "check_in", "minute": 500},
            event_id="evt-later",
        ),
        ctx,
    )
    [again] = [f for f in only(later.findings, "predicted_ratio_violation") if f.id == late.id]
    # The live run searches nothing for it: it asks for the follow-up run, which proposes (batch lane).
    assert not again.alert and "coverage" not in again.evidence and not later.proposals
    [follow_up] = later.follow_ups
    assert follow_up.type == "ratios.coverage_due" and follow_up.data["date"] == str(TODAY)
    covered = await ratios.run(follow_up, ctx)
    [found] = [f for f in only(covered.findings, "predicted_ratio_violation") if f.id == late.id]
    assert len(found.evidence["coverage"]) == 1
    assert [(p.action, p.finding_id) for p in covered.proposals] == [("create_staff_move", late.id)]
    retried = await ratios.run(follow_up, ctx)  # a retry of the same follow-up: the same proposal
    assert [p.id for p in retried.proposals] == [p.id for p in covered.proposals]
    other = follow_up.model_copy(update={"id": "ratio-cover-another"})
    assert not (await ratios.run(other, ctx)).proposals  # proposed once, whichever run asks again


def test_coalesce_merges_close_spells_of_one_room_and_keeps_the_worst_numbers() -> None:
    def gap(room: str, start: int, end: int, short: int = 1, day: date = TODAY) -> Gap:
        return Gap(room, day, start, end, short, 2 + short, 2, 10, "1:4", "cite")

    merged = coalesce(
        [
            gap("R1", 700, 730),
            gap("R1", 540, 550),
            gap("R1", 560, 570, short=2),  # 10 minutes after the first: the same window
            gap("R2", 545, 555),  # another room: its own window
            gap("R1", 730, 760),  # touching 700-730
            gap("R1", 540, 550, day=TODAY + timedelta(days=1)),  # another day
        ]
    )
    assert [(g.classroom_id, g.day.day, g.start, g.end, g.short) for g in merged] == [
        ("R1", 2, 540, 570, 2),
        ("R2", 2, 545, 555, 1),
        ("R1", 2, 700, 760, 1),
        ("R1", 3, 540, 550, 1),
    ]
    assert merged[0].spells == ((540, 550), (560, 570)) and merged[0].required == 4
    assert merged[1].spells == ((545, 555),)
    assert coalesce([gap("R1", 540, 550), gap("R1", 580, 590)]) == [gap("R1", 540, 550), gap("R1", 580, 590)]


async def test_a_run_keeps_the_records_its_findings_rest_on_and_a_search_keeps_the_schedule() -> None:
    fake = world()
    ctx = context(fake)
    check_in = {"classroom_id": "R3", "child_id": "Q9", "action": "check_in", "minute": 480, "age_months": 50}
    first = await ratios.run(event("attendance.changed", check_in), ctx)
    # The first event of R3's predicted gap hands the coverage search to its follow-up run, which keeps
    # the whole schedule it weighed; the live run keeps only R3's own records.
    assert not first.proposals and [e.type for e in first.follow_ups] == ["ratios.coverage_due"]
    assert {r.id for r in first.reads if r.kind == "classroom"} == {"R3"}
    follow_up = await ratios.run(first.follow_ups[0], ctx)
    assert follow_up.proposals
    assert {r.id for r in follow_up.reads if r.kind == "classroom"} == {"R1", "R2", "R3"}
    check_out = {"classroom_id": "R3", "child_id": "Q1", "action": "check_out", "minute": 490}
    out = await ratios.run(event("attendance.changed", check_out, event_id="evt-2"), ctx)
    assert not out.proposals  # the gap was proposed for already: no search, only R3's own records
    kept = {(r.kind, r.id) for r in out.reads if r.kind in ("school", "classroom", "shift")}
    assert {i for k, i in kept if k == "classroom"} == {"R3"}
    assert {r.staff_id for r in out.reads if r.kind == "shift"} == {"Q1", "Q2"}
    assert ("school", "S1") in kept

    searched = await ratios.run(
        event(
            "attendance.changed",
            {"classroom_id": "R1", "employee_id": "E2", "action": "check_out", "minute": 600},
            event_id="evt-out",
        ),
        context(world()),
    )
    assert searched.proposals  # a coverage search weighed every scheduled person: all of them are kept
    assert {r.staff_id for r in searched.reads if r.kind == "shift"} >= {"E1", "E2", "P1", "Q1", "F9"}
    assert {r.id for r in searched.reads if r.kind == "classroom"} == {"R1", "R2", "R3"}
