"""The streamed center-day: floor counts at each departure, same-minute groups, time order, bounded state;
and the payroll agent giving the same findings from an ordered source (streamed) and an unordered one
(re-read and sorted)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from agents import payroll
from agents.common.types import AgentOutput
from agents.payroll.daystream import (
    Clocked,
    DayStream,
    Departure,
    OutOfOrder,
    ages_present,
    pack_children,
    sort_day,
)
from tests.fakes import FakeProcare, child, employee, school
from tests.unit.agents.test_payroll_agent import MON, at, ctx, punch, scan_event, world
from tools.models import TimePunch

LA = ZoneInfo("America/Los_Angeles")
DAY = date(2026, 3, 2)


def ev(
    emp: str, kind: str, hhmm: str, second: int = 0, *, area: str | None = "R1", device: str | None = None
) -> Clocked:
    h, m = (int(x) for x in hhmm.split(":"))
    at = datetime(DAY.year, DAY.month, DAY.day, h, m, second, tzinfo=LA)
    return Clocked(emp, f"{emp}-{kind}-{hhmm}:{second}", kind, at, area, device, None)


def run_day(events: list[Clocked]) -> tuple[DayStream, list[Departure]]:
    stream = DayStream(DAY, LA)
    found: list[Departure] = []
    for e in events:
        found += stream.add(e)
    found += stream.finish()
    return stream, found


def remaining(found: list[Departure]) -> list[tuple[str, str, str, int]]:
    return [(d.employee_id, d.kind, hhmm(d.minute_of_day), d.staff_remaining) for d in found]


def hhmm(minute_of_day: int) -> str:
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def test_each_departure_counts_who_is_on_the_floor_just_after_it() -> None:
    _, found = run_day(
        [
            ev("A", "in", "08:00"),
            ev("B", "in", "08:00"),
            ev("B", "out", "09:00"),  # C arrives at the same instant: C counts, B does not
            ev("C", "in", "09:00"),
            ev("A", "break_start", "10:00"),
            ev("A", "break_end", "10:30", area=None),  # back to the room A left
            ev("A", "out", "11:00"),  # A and C leave together: neither counts the other
            ev("C", "out", "11:00"),
        ]
    )
    assert remaining(found) == [
        ("B", "out", "09:00", 2),
        ("A", "break_start", "10:00", 1),
        ("A", "out", "11:00", 0),
        ("C", "out", "11:00", 0),
    ]


def test_unpaired_punches_are_not_departures_and_do_not_skew_the_counts() -> None:
    _, found = run_day(
        [
            ev("A", "in", "08:00"),
            ev("B", "out", "08:30"),  # B never clocked in: nobody leaves
            ev("C", "in", "08:45", area=None),  # clocked in without a room: on no floor
            ev("C", "break_start", "09:00"),
            ev("A", "break_start", "10:00"),
            ev("A", "break_start", "10:05"),  # already on a break
            ev("A", "break_end", "10:30", area="R2"),  # back, but to another room
            ev("D", "in", "10:40", area="R2"),
            ev("A", "out", "11:00"),
        ]
    )
    assert [(d.employee_id, d.room, d.staff_remaining) for d in found] == [("A", "R1", 0), ("A", "R2", 1)]


def test_a_departure_after_midnight_belongs_to_the_next_day() -> None:
    late = Clocked("A", "A-out", "out", datetime(2026, 3, 3, 0, 30, tzinfo=LA), "R1", None, None)
    _, found = run_day([ev("A", "in", "16:00"), late])
    assert found == []


def test_same_device_same_minute_groups_by_kind_and_minute() -> None:
    stream, _ = run_day(
        [
            ev("A", "in", "07:59", 10, device="K1"),
            ev("B", "in", "07:59", 50, device="K1"),
            ev("C", "in", "07:59", 55, device="K2"),  # another device
            ev("A", "out", "08:00", 1, device="K1"),  # another minute and kind
            ev("D", "in", "08:00", 2, device="K1"),
            ev("E", "in", "08:01", 0, device="K1"),
            ev("E", "in", "08:01", 30, device="K1"),  # one person twice is not a group
        ]
    )
    assert [[e.employee_id for e in g] for g in stream.shared] == [["A", "B"]]


def test_a_punch_back_in_time_stops_the_stream() -> None:
    stream = DayStream(DAY, LA)
    stream.add(ev("A", "in", "08:00"))
    stream.add(ev("B", "in", "08:00"))  # the same instant is fine
    with pytest.raises(OutOfOrder, match="B-out"):
        stream.add(ev("B", "out", "07:59"))


def test_state_follows_who_is_clocked_in_not_the_day() -> None:
    """Two thousand staff one after the other in eight rooms: never more than one clocked in, and each room
    is reported closed when its last person leaves (so its attendance can be forgotten)."""
    stream = DayStream(DAY, LA)
    for i in range(2000):
        when, room = hhmm(6 * 60 + i // 4), f"R{i % 8}"
        for n, kind in enumerate(("in", "out")):
            t = ev("x", "in", when, 2 * (i % 4) + n).at
            stream.add(Clocked(f"E{i}", f"P{i}{kind}", kind, t, room, None, None))
        assert stream.open_staff <= 1
    stream.finish()
    assert stream.peak_open == 1 and stream.open_staff == 0
    assert len(stream.closed) == 2000 and set(stream.closed) == {f"R{i}" for i in range(8)}


def test_sort_day_orders_by_instant_across_offsets() -> None:
    new_york = ZoneInfo("America/New_York")
    a = Clocked("A", "1", "in", datetime(2026, 3, 2, 9, 0, tzinfo=new_york), None, None, None)  # 14:00 UTC
    b = Clocked("B", "2", "in", datetime(2026, 3, 2, 8, 0, tzinfo=LA), None, None, None)  # 16:00 UTC
    c = Clocked("C", "3", "in", datetime(2026, 3, 2, 15, 0, tzinfo=UTC), None, None, None)
    assert [e.employee_id for e in sort_day([b, a, c])] == ["A", "C", "B"]


def test_packed_children_answer_who_is_present_at_a_minute() -> None:
    rows = [
        child("K1", "R1", 8, check_in_minutes=480, check_out_minutes=900),
        child("K2", "R1", 30, check_in_minutes=540, check_out_minutes=None),
        child("K3", "R1", 50, check_in_minutes=None, check_out_minutes=None),  # absent
    ]
    packed = pack_children(rows)
    assert len(packed) == 6
    assert ages_present(packed, 479) == []
    assert ages_present(packed, 480) == [8]
    assert ages_present(packed, 600) == [8, 30]
    assert ages_present(packed, 900) == [30]


async def _run(fake: FakeProcare) -> AgentOutput:
    return await payroll.run(scan_event(), ctx(fake))


def _instant(p: TimePunch) -> datetime:
    return p.punched_at.astimezone(UTC)


async def test_ordered_and_unordered_sources_give_the_same_findings(caplog: pytest.LogCaptureFixture) -> None:
    unordered = world()  # the fake lists punches employee by employee
    ordered = world()
    ordered.shifts, ordered.attendance = unordered.shifts, unordered.attendance
    ordered.punches = sorted(unordered.punches, key=_instant)
    with caplog.at_level(logging.WARNING, logger=payroll.__name__):
        from_unordered = [f.model_dump(mode="json") for f in (await _run(unordered)).findings]
    assert any("not in time order" in r.getMessage() for r in caplog.records)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger=payroll.__name__):
        from_ordered = [f.model_dump(mode="json") for f in (await _run(ordered)).findings]
    assert not caplog.records
    assert from_ordered == from_unordered
    assert {f["kind"] for f in from_ordered} >= {"pattern_shared_device_minute", "left_room_below_ratio"}

    def day_reads(fake: FakeProcare) -> int:
        return sum(1 for name, args in fake.read_log if name == "iter_punches" and args["school_id"])

    assert day_reads(ordered) == 14  # 1..14 March, one read a day
    assert day_reads(unordered) == 14 + 2  # Monday and Tuesday are out of order and read again


async def test_a_room_that_closes_and_reopens_has_its_attendance_read_again() -> None:
    """Its only teacher takes a break (the room stays open: she is on a break from it), leaves at 12:00 and
    comes back for 13:00-15:00: the room closed in between, so its children are read a second time, not
    more; every departure is checked."""
    fake = FakeProcare(
        schools=[school(state="CA", timezone="America/Los_Angeles")], employees=[employee("E1")]
    )
    day = (("in", "08:00"), ("break_start", "10:00"), ("break_end", "10:15"), ("out", "12:00"))
    fake.punches += [punch("E1", kind, at(MON, hhmm)) for kind, hhmm in day]
    fake.punches += [punch("E1", kind, at(MON, hhmm)) for kind, hhmm in (("in", "13:00"), ("out", "15:00"))]
    fake.attendance = [
        child(f"K{i}", "R1", 30, date=MON, check_in_minutes=420, check_out_minutes=1020) for i in range(3)
    ]
    found = [f for f in (await _run(fake)).findings if f.kind == "left_room_below_ratio"]
    assert [f.evidence["at"][11:16] for f in found] == ["10:00", "12:00", "15:00"]
    assert [f.evidence["staff_remaining"] for f in found] == [0, 0, 0]
    reads = [args for name, args in fake.read_log if name == "iter_attendance"]
    assert reads == [{"classroom_id": "R1", "day": MON}] * 2
