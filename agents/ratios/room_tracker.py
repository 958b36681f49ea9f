"""The live model of one room on one day: who is in it now, who will be, and where it falls short.

Why a model of its own: an attendance event changes one child or one staff member in one room, so the
ratio agent applies that change to this model and asks `policies.ratios` at once, instead of re-reading
the center. The same model projects the rest of the day (scheduled shifts and their breaks, shifts
ending, expected arrivals and departures) so a shortage is flagged before it happens. Pure: no I/O, no
clock; every number comes from `policies.ratios`.

Conventions: minutes from midnight (Procare's form); a window `[start, end)` includes its start and
excludes its end; `now` is the minute up to which attendance is known (None: the day has not started,
so only what is expected counts).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache

from agents.ratios.presence import NO_SHOW_GRACE_MINUTES, ChildDay, StaffDay, Window, subtract
from policies.ratios import (
    CenterRatioPolicy,
    RatioCheck,
    StaffNeed,
    check_room,
    project_required_staff,
    time_edges,
)

COALESCE_MINUTES = 15
"""Short windows of one room this close together are one window to cover (a rest break right after a
meal, two staggered breaks): one staff move for both instead of two."""


@dataclass(frozen=True)
class Gap:
    """A window where the room has fewer staff than required: the size and the numbers behind it."""

    classroom_id: str
    day: date
    start: int
    end: int
    short: int
    """The most staff missing at any point of the window."""
    required: int
    present: int
    children: int
    ratio: str | None
    citation: str
    parts: tuple[Window, ...] = ()
    """The short spells merged into this window by `coalesce` (empty: the window is one spell)."""

    @property
    def window(self) -> Window:
        return (self.start, self.end)

    @property
    def spells(self) -> tuple[Window, ...]:
        """The short spells inside the window (the window itself when it was not merged)."""
        return self.parts or (self.window,)


def hhmm(minute: int) -> str:
    """Minutes from midnight as a clock time, e.g. 630 -> "10:30"."""
    return f"{minute // 60 % 24:02d}:{minute % 60:02d}"


@dataclass
class RoomDay:
    """One room on one day: the children and staff it has, and the rules that apply to it."""

    classroom_id: str
    name: str
    school_id: str
    state: str
    day: date
    open_minutes: int
    close_minutes: int
    policy: CenterRatioPolicy | None = None
    kindergarten: bool = False
    """A school-age room: its five-year-olds are kindergartners, not preschoolers (policies.ratios)."""
    roles: dict[str, str] = field(default_factory=dict)
    """Ratio role by employee id where the state's ratio depends on role (empty elsewhere)."""
    children: dict[str, ChildDay] = field(default_factory=dict)
    staff: dict[str, StaffDay] = field(default_factory=dict)
    live_since: int | None = None
    """Minute the current live violation began (None while compliant): one alert per violation."""

    # ---- live changes -------------------------------------------------------------------------------
    def child_in(self, child_id: str, minute: int, age_months: int | None) -> bool:
        """A child checked in; False when the age is unknown (not on the room's list and not given)."""
        child = self.children.get(child_id)
        if child is None:
            if age_months is None:
                return False
            child = self.children[child_id] = ChildDay(child_id, age_months)
        elif age_months is not None:
            child.age_months = age_months
        if child.check_out is not None and child.check_out <= minute:  # back after leaving
            child.check_in, child.check_out = minute, None
        elif child.check_in is None or minute < child.check_in:
            child.check_in = minute
        return True

    def child_out(self, child_id: str, minute: int) -> bool:
        """A child checked out (or left for another room); False when the child was never here."""
        child = self.children.get(child_id)
        if child is None:
            return False
        child.check_out = minute
        if child.check_in is None or child.check_in > minute:
            child.check_in = minute
        return True

    def staff_event(self, employee_id: str, minute: int, checked_in: bool) -> None:
        """A staff member checked into or out of this room."""
        self.staff.setdefault(employee_id, StaffDay(employee_id)).record(minute, checked_in)

    # ---- questions ----------------------------------------------------------------------------------
    def ages_at(self, t: int, now: int | None) -> list[int]:
        return [c.age_months for c in self.children.values() if c.present_at(t, now, self.close_minutes)]

    def staff_at(self, t: int) -> list[str]:
        return sorted(s.employee_id for s in self.staff.values() if s.present_at(t))

    def check(self, t: int, now: int | None) -> RatioCheck:
        """Compliance at minute `t` (the state's rule, its exceptions and the center's stricter policy).

        With every present staff member's role known (`roles`), the state's role rules apply too; an
        unknown person (not an active employee) makes it a head count, as before."""
        staff = self.staff_at(t)
        roles = self.roles_of(staff)
        return _check(
            self.state,
            tuple(self.ages_at(t, now)),
            len(staff),
            None if roles is None else tuple(roles),
            self._region(t) if 0 <= t <= 1440 else None,
            self.open_minutes,
            self.close_minutes,
            self.kindergarten,
            self.policy,
        )

    def roles_of(self, staff: list[str]) -> list[str] | None:
        """The ratio role of each person in `staff`, or None (a head count) when any one is unknown or the
        state's ratio does not depend on role (`roles` empty)."""
        if not self.roles:
            return None
        roles = [self.roles.get(e) for e in staff]
        if None in roles:
            return None
        return [r for r in roles if r is not None]

    def change_points(self, start: int, end: int) -> list[int]:
        """Minutes in [start, end) where anything that ratios depend on may change."""
        points = {start}
        for child in self.children.values():
            points.update(
                m
                for m in (child.check_in, child.check_out, child.expected_in, child.expected_out)
                if m is not None
            )
            if child.expected_in is not None:
                points.add(child.expected_in + NO_SHOW_GRACE_MINUTES)
        for person in self.staff.values():
            points |= person.change_points()
        points |= set(self._edges()[1:-1])  # where a first/last-minutes rule starts or stops (TX, IL, TN)
        return sorted(p for p in points if start <= p < end)

    def _edges(self) -> tuple[int, ...]:
        """Opening, closing and the edges of the state's first/last-minutes windows (policies.ratios)."""
        return time_edges(self.state, self.open_minutes, self.close_minutes)

    def project(self, start: int, now: int | None, end: int | None = None) -> list[Gap]:
        """Staff shortfalls from `start` to `end` (default: closing), merged into windows.

        Each point is judged by `policies.ratios.check_room` exactly as the live check judges the room:
        the staff the schedule, breaks, moves and live check-ins put there, with their roles where the
        state's ratio depends on them (a California aide on shift does not stand in for a teacher on
        break). Group-size and mixing problems are the live check's job: more staff does not fix them.
        """
        stop = self.close_minutes if end is None else end
        start = max(start, self.open_minutes)
        if start >= stop:
            return []
        edges = set(self._edges())
        points: list[int] = []
        needs: list[_Need] = []
        last: _PointKey | None = None
        # A sweep over the points in order: the ages present (each child's presence is one window,
        # `ChildDay.interval`) are kept sorted as children arrive and leave, instead of re-collected and
        # re-sorted at every point; staff presence is looked up per person (`StaffDay.presence`).
        spans = [(*c.interval(now, self.close_minutes), c.age_months) for c in self.children.values()]
        arrivals = sorted((a, age) for a, b, age in spans if a < b)
        departures = sorted((b, age) for a, b, age in spans if a < b)
        arrived = departed = 0
        ages: list[int] = []
        people = [self.staff[e].presence() for e in sorted(self.staff)]
        for p in self.change_points(start, stop):
            while arrived < len(arrivals) and arrivals[arrived][0] <= p:
                bisect.insort(ages, arrivals[arrived][1])
                arrived += 1
            while departed < len(departures) and departures[departed][0] <= p:
                del ages[bisect.bisect_left(ages, departures[departed][1])]
                departed += 1
            staff = [person.employee_id for person in people if person.at(p)]  # as staff_at(p), sorted
            roles = self.roles_of(staff)
            key = (tuple(ages), len(staff), None if roles is None else tuple(sorted(roles)))
            if key != last or p in edges:  # nothing changed at p: same answer as the point before
                points.append(p)
                needs.append(
                    _need(
                        self.state,
                        *key,
                        self._region(p),
                        self.open_minutes,
                        self.close_minutes,
                        self.policy,
                        self.kindergarten,
                    )
                )
                last = key
        gaps: list[Gap] = []
        current: dict[str, int | str | None] | None = None
        for index, need in enumerate(needs):
            present = need.present
            short = need.short
            until = points[index + 1] if index + 1 < len(points) else stop
            if short > 0:
                if current is None:
                    current = {
                        "start": points[index],
                        "short": short,
                        "required": need.required_staff,
                        "present": present,
                        "children": need.children,
                        "ratio": need.ratio,
                        "citation": need.citation,
                    }
                elif short > int(current["short"] or 0):
                    current.update(
                        short=short,
                        required=need.required_staff,
                        present=present,
                        children=need.children,
                        ratio=need.ratio,
                        citation=need.citation,
                    )
                current["end"] = until
            elif current is not None:
                gaps.append(self._gap(current))
                current = None
        if current is not None:
            gaps.append(self._gap(current))
        return gaps

    def _region(self, minute: int) -> int:
        """A representative minute: ratios only depend on the time of day through the state's first and
        last minutes windows (`policies.ratios.time_edges`), so every minute between two edges gives the
        same answer (and one memoised check serves them all)."""
        return max(0, max((e for e in self._edges() if e <= minute), default=0))

    def _gap(self, raw: dict[str, int | str | None]) -> Gap:
        return Gap(
            classroom_id=self.classroom_id,
            day=self.day,
            start=int(raw["start"] or 0),
            end=int(raw["end"] or 0),
            short=int(raw["short"] or 0),
            required=int(raw["required"] or 0),
            present=int(raw["present"] or 0),
            children=int(raw["children"] or 0),
            ratio=None if raw["ratio"] is None else str(raw["ratio"]),
            citation=str(raw["citation"]),
        )

    # ---- what-ifs for coverage ----------------------------------------------------------------------
    def without(self, employee_id: str, window: Window) -> RoomDay:
        """This room if `employee_id` left it during `window` (to cover another room)."""
        other = self._copy_with(employee_id)
        person = other.staff.get(employee_id)
        if person is not None:
            person.windows = subtract(person.windows, window)
            before = [(m, i) for m, i in person.events if m < window[0]]
            after = [(m, i) for m, i in person.events if m >= window[1]]
            leave = [(window[0], False), (window[1], True)] if before and before[-1][1] else []
            person.events = sorted([*before, *leave, *after])
        return other

    def _copy_with(self, employee_id: str) -> RoomDay:
        """A copy to change `employee_id`'s day in: that person's record and the staff map are new, the
        rest (children, the other staff, roles) is shared, as a what-if only reads it."""
        staff = dict(self.staff)
        person = staff.get(employee_id)
        if person is not None:
            staff[employee_id] = StaffDay(
                person.employee_id, list(person.windows), list(person.breaks), list(person.events)
            )
        return replace(self, staff=staff)

    def with_staff(self, employee_id: str, window: Window, breaks: list[Window]) -> RoomDay:
        """This room if `employee_id` came in for `window` (a staff move)."""
        other = self._copy_with(employee_id)
        person = other.staff.setdefault(employee_id, StaffDay(employee_id))
        person.windows = sorted([*person.windows, window])
        person.breaks = sorted({*person.breaks, *breaks})
        return other


_PointKey = tuple[tuple[int, ...], int, tuple[str, ...] | None]
"""What a projected point's answer depends on besides the time: ages present, staff count, their roles."""


@dataclass(frozen=True)
class _Need:
    """The check at one projected point, reduced to what a gap records."""

    children: int
    present: int
    required_staff: int
    short: int
    ratio: str | None
    citation: str


@lru_cache(maxsize=65_536)
def _check(
    state: str,
    ages: tuple[int, ...],
    present: int,
    roles: tuple[str, ...] | None,
    minute: int | None,
    open_minutes: int,
    close_minutes: int,
    kindergarten: bool,
    policy: CenterRatioPolicy | None,
) -> RatioCheck:
    """`check_room` memoised (a pure function of these values, and RatioCheck is frozen): the live
    check and the search for a violation's start ask about the same points on every event of a room."""
    return check_room(
        state,
        list(ages),
        present,
        None if roles is None else list(roles),
        minute_of_day=minute,
        open_minutes=open_minutes,
        close_minutes=close_minutes,
        kindergarten=kindergarten,
        center_policy=policy,
    )


@lru_cache(maxsize=65_536)
def _need(
    state: str,
    ages: tuple[int, ...],
    present: int,
    roles: tuple[str, ...] | None,
    minute: int,
    open_minutes: int,
    close_minutes: int,
    policy: CenterRatioPolicy | None,
    kindergarten: bool = False,
) -> _Need:
    """`check_room` for one projected point, memoised: each event re-projects the rest of its room's
    day, and almost every point of it has the same children and staff as on the event before.

    A head count (no roles) needs the same staff however many are present, so it is asked once per
    mix of ages (`_head_count`) and the shortfall is the difference, as `check_room` computes it; the
    coverage what-ifs, which change only who is present, then cost no new check."""
    if roles is None:
        need = _head_count(state, ages, minute, open_minutes, close_minutes, policy, kindergarten)
        short = max(0, need.required_staff - present)
        return _Need(need.children, present, need.required_staff, short, need.ratio, need.citation)
    check = check_room(
        state,
        list(ages),
        present,
        list(roles),
        minute_of_day=minute if 0 <= minute <= 1440 else None,
        open_minutes=open_minutes,
        close_minutes=close_minutes,
        kindergarten=kindergarten,
        center_policy=policy,
    )
    return _Need(
        check.children, present, check.required_staff, check.staff_short, check.ratio, check.citation
    )


@lru_cache(maxsize=65_536)
def _head_count(
    state: str,
    ages: tuple[int, ...],
    minute: int,
    open_minutes: int,
    close_minutes: int,
    policy: CenterRatioPolicy | None,
    kindergarten: bool,
) -> StaffNeed:
    """The staff a room of these ages needs by head count at that minute (`project_required_staff`)."""
    return project_required_staff(
        state,
        [(minute, ages)],
        open_minutes=open_minutes,
        close_minutes=close_minutes,
        kindergarten=kindergarten,
        center_policy=policy,
    )[0]


def coalesce(gaps: Iterable[Gap], within: int = COALESCE_MINUTES) -> list[Gap]:
    """Merge windows of the same room and day that overlap, touch or lie at most `within` minutes apart,
    so one coverage action covers them; the merged window keeps the numbers of its worst spell. Sorted by
    day, start and room."""
    merged: list[Gap] = []
    for gap in sorted(gaps, key=lambda g: (g.classroom_id, g.day, g.start, g.end)):
        last = merged[-1] if merged else None
        if (
            last is not None
            and (last.classroom_id, last.day) == (gap.classroom_id, gap.day)
            and gap.start <= last.end + within
        ):
            worst = gap if gap.short > last.short else last
            spells = tuple(sorted({*last.spells, *gap.spells}))
            merged[-1] = replace(worst, start=last.start, end=max(last.end, gap.end), parts=spells)
        else:
            merged.append(gap)
    return sorted(merged, key=lambda g: (g.day, g.start, g.classroom_id))
