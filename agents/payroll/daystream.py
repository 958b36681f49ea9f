"""One center-day of punches, streamed in time order: who is on which room's floor, and who punched together.

Why streaming: the cross-staff questions (same device in the same minute, leaving a room below ratio) only
need what is open at one moment: the punches of the current minute, the staff currently clocked in (and the
room they are in or on a break from), and per room how many staff are on its floor. Nothing else of the
day is kept, so memory follows what is open at once, not the day's events or the center's headcount.

The stream must come in time order (`GET /v1/time-punches` for a school is ordered by `punched_at`, see
docs/procare-surface.md). `DayStream.add` raises `OutOfOrder` when a punch goes back in time; the caller then
re-reads the day and feeds it sorted (`sort_day`), so a source without the guarantee is still checked right,
at the old cost of holding that one day.

Floor model (per staff member, as the punches say): `in` puts them on the floor of its `work_area`;
`break_end` puts them back on the floor of its `work_area`, or of the room they went on a break from;
`break_start` and `out` take them off the floor, and each is a *departure* from that room if they were on it.
Punches at the same instant are applied together before anyone's departure is counted, so a departure at
`t` counts the others on the floor just after `t` (someone arriving at `t` stays, someone leaving at `t`
does not). A second `in` without an `out` moves the person (the day-at-once version this replaces dropped
the first stint); an `out` or `break_start` by someone not on a floor leaves nobody.

"Same minute" is the same real minute (UTC-aligned): on a fall-back night the two 01:30s are an hour apart
and never grouped.

State size: per staff member clocked in, one dict entry (id -> room); per open room, two counters and, in
the agent, its packed attendance. For a 10,000-staff day with everyone on shift at noon that is a few MiB;
for a real center, a few KiB.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Literal, NamedTuple

from agents.payroll.punches import local, utc
from tools.models import ChildAttendance, TimePunch


class OutOfOrder(Exception):
    """The center-day stream went back in time, so it cannot be checked as a stream."""


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MINUTE = timedelta(minutes=1)


class Clocked(NamedTuple):
    """One clock event reduced to what the cross-staff checks need (a named tuple: one is made per punch,
    and a tuple is the cheapest immutable record Python builds)."""

    employee_id: str
    punch_id: str
    kind: str
    at: datetime
    area: str | None
    device: str | None
    edited_by: str | None

    @classmethod
    def of(cls, p: TimePunch) -> Clocked:
        return cls(p.employee_id, p.punch_id, p.kind, p.punched_at, p.work_area, p.device_id, p.edited_by)


class Departure(NamedTuple):
    """A staff member leaving a room (clock-out or break start), and how many staff stay on its floor."""

    employee_id: str
    punch_id: str
    kind: Literal["out", "break_start"]
    room: str
    at: datetime
    minute_of_day: int
    staff_remaining: int


def sort_day(events: Iterable[Clocked]) -> list[Clocked]:
    """A day's events in time order (ties keep their order): the fallback for an unordered source."""
    return sorted(events, key=lambda e: utc(e.at))


class DayStream:
    """The open state of one center-day, fed one punch at a time in time order."""

    def __init__(self, day: date, zone: tzinfo) -> None:
        self.day, self.zone = day, zone
        self.shared: list[list[Clocked]] = []
        """Same device, same minute, two or more staff: what the day will report (bounded by the report)."""
        self.closed: list[str] = []
        """Rooms left with nobody in them or on a break from them (one may reopen at the same instant:
        check `is_open`); the caller may forget their children."""
        self.peak_open = 0
        """Most staff clocked in at one moment (for benchmarks and tests of the bounded state)."""
        self._last: datetime | None = None
        self._batch: list[Clocked] = []
        self._minute: int | None = None
        self._same_minute: dict[tuple[str, str], list[Clocked]] = {}
        self._where: dict[str, str] = {}
        self._away: dict[str, str] = {}
        self._floor: dict[str, int] = {}
        self._attached: dict[str, int] = {}

    @property
    def open_staff(self) -> int:
        """Staff clocked in right now (on a floor or on a break): the size of the per-staff state."""
        return len(self._where) + len(self._away)

    def add(self, e: Clocked) -> list[Departure]:
        """Take the next punch; returns the departures completed by the instant before it."""
        t = utc(e.at)
        if self._last is not None and t < self._last:
            raise OutOfOrder(f"{e.punch_id} at {e.at.isoformat()} came after {self._last.isoformat()}")
        done = self._apply_instant() if self._last is not None and t != self._last else []
        minute = (t - _EPOCH) // _MINUTE  # the real (UTC) minute, as int(t.timestamp()) // 60
        if minute != self._minute:
            self._close_minute()
            self._minute = minute
        if e.device and e.kind in ("in", "out"):
            self._same_minute.setdefault((e.device, e.kind), []).append(e)
        self._batch.append(e)
        self._last = t
        return done

    def finish(self) -> list[Departure]:
        """The end of the day's stream: the last instant's departures; the minute groups are closed."""
        done = self._apply_instant()
        self._close_minute()
        return done

    def _close_minute(self) -> None:
        for group in self._same_minute.values():
            if len({e.employee_id for e in group}) >= 2:
                self.shared.append(group)
        self._same_minute = {}

    def _apply_instant(self) -> list[Departure]:
        leaving: list[tuple[Clocked, str]] = []
        for e in self._batch:
            staff = e.employee_id
            if e.kind in ("in", "break_end"):
                area = (
                    e.area if e.kind == "in" else (e.area or self._where.get(staff) or self._away.get(staff))
                )
                room = sys.intern(area) if area else None
                if room is not None:  # attach first, so a room is not seen closing as its staff comes back
                    self._attached[room] = self._attached.get(room, 0) + 1
                self._forget(staff)
                if room is not None:
                    self._where[staff] = room
                    self._floor[room] = self._floor.get(room, 0) + 1
            elif (room := self._where.get(staff)) is not None:
                leaving.append((e, room))
                if e.kind == "break_start":
                    del self._where[staff]
                    self._off_floor(room)
                    self._away[staff] = room
                else:
                    self._forget(staff)
            elif e.kind == "out":
                self._forget(staff)
        self._batch = []
        self.peak_open = max(self.peak_open, len(self._where) + len(self._away))  # open_staff, inlined
        if not leaving:
            return []
        found: list[Departure] = []
        for e, room in leaving:
            wall = local(e.at, self.zone)
            if wall.date() != self.day:
                continue
            remaining = self._floor.get(room, 0) - (1 if self._where.get(e.employee_id) == room else 0)
            kind: Literal["out", "break_start"] = "out" if e.kind == "out" else "break_start"
            found.append(
                Departure(
                    e.employee_id, e.punch_id, kind, room, e.at, wall.hour * 60 + wall.minute, remaining
                )
            )
        return found

    def is_open(self, room: str) -> bool:
        """Someone is on the room's floor or on a break from it."""
        return room in self._attached

    def _off_floor(self, room: str) -> None:
        self._floor[room] -= 1
        if not self._floor[room]:
            del self._floor[room]

    def _forget(self, staff: str) -> None:
        """Take a staff member off any floor and forget the room they were on a break from."""
        room = self._where.pop(staff, None)
        if room is not None:
            self._off_floor(room)
        else:
            room = self._away.pop(staff, None)
        if room is not None:
            self._attached[room] -= 1
            if not self._attached[room]:
                del self._attached[room]
                self.closed.append(room)


def pack_children(rows: Iterable[ChildAttendance]) -> array[int]:
    """A room's attendance as flat (check-in, check-out or -1, age in months) triples: a few bytes a child
    instead of a model, for the rooms that stay open all day."""
    packed = array("i")
    for a in rows:
        if a.check_in_minutes is not None:
            out = -1 if a.check_out_minutes is None else a.check_out_minutes
            packed.extend((a.check_in_minutes, out, a.age_months))
    return packed


def ages_present(packed: array[int], minute_of_day: int) -> list[int]:
    """Ages of the children checked in at that minute (in at or before it, not yet out)."""
    return [
        age
        for cin, cout, age in _triples(packed)
        if cin <= minute_of_day and (cout < 0 or minute_of_day < cout)
    ]


def _triples(packed: array[int]) -> Iterator[tuple[int, int, int]]:
    it = iter(packed)
    return zip(it, it, it, strict=True)
