"""The payroll agent over a fake Procare: cross-staff patterns, ratio at clock-out, phases, report, graph."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from langgraph.checkpoint.memory import InMemorySaver

from agents import payroll
from agents.common.llm import OfflineDrafter
from agents.common.types import AgentContext, AgentOutput, Event
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies import ratios
from policies.rollout import Phase
from services.runner import GraphRunner
from tests.clock import during
from tests.fakes import FakeProcare, child, employee, school
from tools.models import Shift, TimePunch

LA = ZoneInfo("America/Los_Angeles")
MON, TUE = date(2026, 3, 2), date(2026, 3, 3)
TODAY = date(2026, 3, 20)
PERIOD = {"pay_period_start": "2026-03-01", "pay_period_end": "2026-03-14"}
_n = iter(range(1, 10_000))


def at(day: date, hhmm: str, second: int = 0) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, second, tzinfo=LA)


def punch(emp: str, kind: str, when: datetime, **over: Any) -> TimePunch:
    base: dict[str, Any] = dict(
        punch_id=f"P{next(_n)}",
        employee_id=emp,
        school_id="S1",
        punched_at=when,
        kind=kind,
        work_area="R1",
        device_id=f"mobile-{emp}",
    )
    return TimePunch.model_validate(base | over)


def shift(emp: str, day: date, start: int, end: int, rests: tuple[int, ...], meal: int | None) -> Shift:
    breaks = [{"start_minutes": r, "end_minutes": r + 10, "kind": "rest"} for r in rests]
    if meal is not None:
        breaks.append({"start_minutes": meal, "end_minutes": meal + 30, "kind": "meal"})
    return Shift.model_validate(
        dict(
            shift_id=f"SH{next(_n)}",
            employee_id=emp,
            school_id="S1",
            classroom_id="R1",
            date=day,
            start_minutes=start,
            end_minutes=end,
            breaks=breaks,
        )
    )


def world() -> FakeProcare:
    """Known anomalies: E1 skips the meal on Monday; E2 and E3 clock in on one kiosk in the same second on
    Monday and Tuesday; D9 edits three of E2's punches; E3 clocks out at 15:00 on Monday leaving E2 alone
    with the eight infants present 12:45-16:00 (California: 1:4). Everything else is clean."""
    fake = FakeProcare(
        schools=[school(state="CA", timezone="America/Los_Angeles")],
        employees=[employee("E1", first_name="Ana"), employee("E2", first_name="Ben"), employee("E3")],
    )
    for day in (MON, TUE):
        fake.shifts.append(shift("E1", day, 480, 870, (600, 780), None))  # 8:00-14:30
        fake.shifts.append(shift("E2", day, 480, 990, (600, 900), 720))  # 8:00-16:30
        fake.shifts.append(shift("E3", day, 420, 900, (540, 840), 660))  # 7:00-15:00
    fake.punches += [punch("E1", "in", at(MON, "08:00")), punch("E1", "out", at(MON, "14:30"))]
    fake.punches += [
        punch("E1", "in", at(TUE, "08:00")),
        punch("E1", "break_start", at(TUE, "11:00")),
        punch("E1", "break_end", at(TUE, "11:30")),
        punch("E1", "out", at(TUE, "14:30")),
    ]
    for day in (MON, TUE):
        kiosk = {"device_id": "S1-KIOSK-1"}
        fake.punches += [
            punch("E2", "in", at(day, "07:59", 12), **kiosk),
            punch("E2", "break_start", at(day, "12:00"), edited_by="D9" if day == MON else None),
            punch("E2", "break_end", at(day, "12:30"), edited_by="D9" if day == MON else None),
            punch("E2", "out", at(day, "16:29"), edited_by="D9" if day == TUE else None),
            punch("E3", "in", at(day, "07:59", 12), **kiosk),
            punch("E3", "break_start", at(day, "11:00")),
            punch("E3", "break_end", at(day, "11:30")),
            punch("E3", "out", at(day, "15:00")),
        ]
    fake.attendance = [
        child(f"K{i}", "R1", 8, date=MON, check_in_minutes=765, check_out_minutes=960) for i in range(8)
    ]
    return fake


def ctx(fake: FakeProcare, phase: Phase = "read_only") -> AgentContext:
    return AgentContext(client=fake, drafter=OfflineDrafter(), as_of=during(TODAY), phase=phase)


def scan_event(**data: Any) -> Event:
    return Event(
        id="evt-pay-1",
        type="scan.payroll",
        occurred_at=datetime(2026, 3, 16, tzinfo=UTC),
        center_id="S1",
        data=data or PERIOD,
    )


def kinds_by_staff(out: AgentOutput) -> set[tuple[str, tuple[str, ...]]]:
    return {(f.kind, tuple(f.staff_ids)) for f in out.findings}


EXPECTED = {
    ("meal_missed", ("E1",)),
    ("pattern_shared_device_minute", ("E2", "E3")),
    ("pattern_repeated_edits", ("E2",)),
    ("left_room_below_ratio", ("E3",)),
}


async def test_scan_finds_exactly_the_known_anomalies() -> None:
    out = await payroll.run(scan_event(), ctx(world()))
    assert kinds_by_staff(out) == EXPECTED
    shared = next(f for f in out.findings if f.kind == "pattern_shared_device_minute")
    # base 0.3 + 0.2 for a second day + 0.2 for the same second; 2 staff add nothing
    assert shared.evidence["score"] == 0.7
    assert shared.evidence["factors"] == {"staff": 2, "days": 2, "occurrences": 2, "same_second": 2}
    assert "may indicate" in shared.summary
    ratio = next(f for f in out.findings if f.kind == "left_room_below_ratio")
    expected = ratios.check_room("CA", [8] * 8, 1)
    assert not expected.compliant
    assert ratio.evidence["required_staff"] == expected.required_staff
    assert (ratio.evidence["staff_remaining"], ratio.evidence["children_present"]) == (1, 8)
    assert ratio.evidence["at"] == "2026-03-02T15:00-08:00" and ratio.severity == "critical"
    edits = next(f for f in out.findings if f.kind == "pattern_repeated_edits")
    assert edits.evidence["factors"] == {"edits": 3, "staff_edited": 1, "own_punches_edited": 0}
    assert out.proposals == []  # read_only


async def test_reads_keep_only_the_records_behind_findings() -> None:
    out = await payroll.run(scan_event(), ctx(world()))
    punch_reads = {r.staff_id for r in out.reads if r.kind == "time_punch"}
    assert punch_reads == {"E1"}  # E1's Monday; E2 and E3 only appear in cross-staff findings
    assert all("birth_date" not in r.data and "ssn" not in r.data for r in out.reads)


async def test_report_markdown_and_csv_list_the_same_findings() -> None:
    out = await payroll.run(scan_event(), ctx(world()))
    assert out.report is not None
    assert "2026-03-01 to 2026-03-14" in out.report
    assert "2 exceptions" in out.report  # meal_missed + left_room_below_ratio; 2 patterns are not exceptions
    assert "## Patterns for review" in out.report and "score 0.70" in out.report
    rows = list(csv.DictReader(io.StringIO(payroll.exception_report_csv(out.findings))))
    assert sorted(r["kind"] for r in rows) == sorted(f.kind for f in out.findings)
    assert rows[0]["severity"] == "critical"


async def test_assistive_proposes_director_tasks_only() -> None:
    out = await payroll.run(scan_event(), ctx(world(), "assistive"))
    assert {p.action for p in out.proposals} == {"create_task"}
    related = sorted(p.args.get("related_employee_id", "-") for p in out.proposals)
    # E1's exceptions, E3's ratio gap (high priority), and the 0.70 shared-device pattern (two staff);
    # the 0.33 edit pattern stays in the report only.
    assert related == ["-", "E1", "E3"]
    described = {p.args.get("related_employee_id", "-"): p.description for p in out.proposals}
    assert described["E1"] == "Create a task to review 1 timesheet exception of Ana Lopez"  # not "(s)"
    assert described["E3"].endswith("review: left room below ratio")  # words, not the code
    ratio_task = next(p for p in out.proposals if p.args.get("related_employee_id") == "E3")
    assert ratio_task.args["priority"] == "high"


async def test_automation_proposes_the_meal_premium_as_a_payroll_correction() -> None:
    fake = world()
    out = await payroll.run(scan_event(), ctx(fake, "automation"))
    [patch] = [p for p in out.proposals if p.action == "patch_payroll"]
    assert patch.args == {
        "employee_id": "E1",
        "pay_period_start": "2026-03-01",
        "adjustments": [
            {
                "date": "2026-03-02",
                "pay_code": "MEAL_PREMIUM",
                "hours": 1.0,
                "reason": "Meal period premium, Labor Code 226.7(c)",
            }
        ],
    }
    again = await payroll.run(scan_event(), ctx(fake, "automation"))
    assert [p.id for p in again.proposals] == [p.id for p in out.proposals]  # stable ids


async def test_a_submitted_timesheet_checks_one_employee() -> None:
    event = Event(
        id="evt-ts",
        type="timesheet.submitted",
        occurred_at=datetime(2026, 3, 9, tzinfo=UTC),
        center_id="S1",
        data={"employee_id": "E3", "pay_period_start": "2026-03-01", "pay_period_end": "2026-03-07"},
    )
    out = await payroll.run(event, ctx(world()))
    assert kinds_by_staff(out) == {
        ("pattern_shared_device_minute", ("E2", "E3")),
        ("left_room_below_ratio", ("E3",)),
    }


async def test_event_without_employee_or_period_is_reported_clearly() -> None:
    no_emp = Event(
        id="evt-bad", type="timesheet.submitted", occurred_at=datetime(2026, 3, 9, tzinfo=UTC), center_id="S1"
    )
    out = await payroll.run(no_emp, ctx(world()))
    assert [f.kind for f in out.findings] == ["timesheet_event_incomplete"]
    assert "employee_id" in out.findings[0].summary
    bad_dates = scan_event(pay_period_start="2026-03-14", pay_period_end="2026-03-01")
    assert [f.kind for f in (await payroll.run(bad_dates, ctx(world()))).findings] == [
        "timesheet_event_incomplete"
    ]
    assumed = await payroll.run(scan_event(note="none"), ctx(world()))
    period = next(f for f in assumed.findings if f.kind == "pay_period_assumed")
    assert period.evidence == {"pay_period_start": "2026-03-06", "pay_period_end": "2026-03-19"}


async def test_approved_correction_is_written_once_and_a_rejected_task_is_not() -> None:
    fake = world()
    runner = GraphRunner(
        build_graph(InMemorySaver()),
        GraphContext(as_of=during(TODAY).isoformat()),
        Dependencies(
            procare=fake,
            drafter=OfflineDrafter(),
            rollout=StaticRollout({("*", "payroll"): "automation"}),
            clock=lambda: datetime(2026, 3, 16, 12, tzinfo=UTC),
        ),
    )
    first = await runner.start(scan_event())
    assert first.status == "awaiting_review" and first.request is not None
    names = [a["name"] for a in first.request["action_requests"]]
    decisions = [{"type": "approve"} if n == "patch_payroll" else {"type": "reject"} for n in names]
    done = await runner.resume(first.thread_id, {"decisions": decisions}, reviewer="dir-1")
    assert done.status == "done"
    assert [name for name, _ in fake.effects] == ["patch_payroll", "add_staff_note"]
    assert fake.effects[0][1]["adjustments"][0]["pay_code"] == "MEAL_PREMIUM"
    [note] = fake.notes  # the staff record says what the AI corrected and who approved it
    assert note.employee_id == fake.effects[0][1]["employee_id"]
    assert note.text.startswith(f"Payroll hours corrected via AI payroll validation on {TODAY}")  # as_of
    assert done.state.report is not None and "Payroll exceptions" in done.state.report


async def test_the_ratio_memo_changes_no_answer_and_stays_bounded(monkeypatch: Any) -> None:
    """The scan remembers check_room answers by (ages present, staff remaining, minute); with the memo
    emptied after every answer the run's output is the same, and it never holds more than its bound."""
    from agents.payroll import scan

    fake = world()  # one world for both runs: world() numbers its punches afresh each time
    remembered = await payroll.run(scan_event(), ctx(fake))
    sizes: list[int] = []
    check = scan.PeriodScan._check_room

    def spy(self: scan.PeriodScan, *args: Any) -> Any:
        sizes.append(len(self._ratio_checks))
        return check(self, *args)

    monkeypatch.setattr(scan, "RATIO_MEMO", 1)
    monkeypatch.setattr(scan.PeriodScan, "_check_room", spy)
    forgetful = await payroll.run(scan_event(), ctx(fake))
    assert forgetful.model_dump() == remembered.model_dump()
    assert len(sizes) > 1 and max(sizes) <= 1  # asked again each time, never more than one answer held
