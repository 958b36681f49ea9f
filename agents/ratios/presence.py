"""Who is in a room at a minute: one child's day and one staff member's day, known and expected.

Conventions (as in `room_tracker`): minutes from midnight; a window `[start, end)` includes its start and
excludes its end; `now` is the minute up to which attendance is known.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

NO_SHOW_GRACE_MINUTES = 180
"""A child expected this long ago who has not checked in is projected absent (late arrivals run 1-2.5 h)."""

Window = tuple[int, int]
"""`[start, end)` in minutes from midnight."""


@dataclass
class ChildDay:
    """One child's attendance in this room today: what happened and what is expected."""

    child_id: str
    age_months: int
    check_in: int | None = None
    check_out: int | None = None
    expected_in: int | None = None
    expected_out: int | None = None

    def present_at(self, t: int, now: int | None, close: int) -> bool:
        """Known facts up to `now`; after it, the expected day (a no-show past the grace is absent)."""
        known = now is not None and t <= now
        if self.check_in is not None:
            if self.check_in > t:
                return False
            if self.check_out is not None:
                return t < self.check_out
            if known:
                return True
            leaves = (
                self.expected_out
                if self.expected_out is not None and self.expected_out > (now or 0)
                else close
            )
            return t < leaves
        if known or self.check_out is not None or self.expected_in is None:
            return False
        if now is not None and now >= self.expected_in + NO_SHOW_GRACE_MINUTES:
            return False
        return self.expected_in <= t < (self.expected_out if self.expected_out is not None else close)

    def interval(self, now: int | None, close: int) -> Window:
        """The minutes `t` at which `present_at(t, now, close)` holds, as one `[start, end)` window
        (empty when start >= end): a projection asks about every change point of the room, so it asks
        once per child instead of once per child and point."""
        if self.check_in is not None:
            if self.check_out is not None:
                return (self.check_in, self.check_out)
            leaves = (
                self.expected_out
                if self.expected_out is not None and self.expected_out > (now or 0)
                else close
            )
            return (self.check_in, leaves if now is None else max(leaves, now + 1))
        if self.check_out is not None or self.expected_in is None:
            return (0, 0)
        if now is not None and now >= self.expected_in + NO_SHOW_GRACE_MINUTES:
            return (0, 0)
        start = self.expected_in if now is None else max(self.expected_in, now + 1)
        return (start, self.expected_out if self.expected_out is not None else close)


@dataclass
class StaffDay:
    """One staff member's time in this room today: scheduled windows, breaks, and live check-ins/outs."""

    employee_id: str
    windows: list[Window] = field(default_factory=list)
    breaks: list[Window] = field(default_factory=list)
    events: list[tuple[int, bool]] = field(default_factory=list)
    """Live (minute, checked_in) from attendance events, kept sorted; they override the schedule."""

    def on_break(self, t: int) -> bool:
        return any(s <= t < e for s, e in self.breaks)

    def scheduled(self, t: int) -> bool:
        return any(s <= t < e for s, e in self.windows)

    def present_at(self, t: int) -> bool:
        """Checked out: gone until a later check-in. Checked in: here until the end of that scheduled
        window (or until checked out when unscheduled). Breaks always take the person out of ratio."""
        if self.on_break(t):
            return False
        index = bisect.bisect_right(self.events, (t, True)) - 1
        if index < 0:
            return self.scheduled(t)
        minute, checked_in = self.events[index]
        if not checked_in:
            return False
        if self.scheduled(t):
            return True
        ends_after = [e for s, e in self.windows if e > minute]
        return t < min(ends_after) if ends_after else True

    def presence(self) -> Presence:
        """`present_at` as a step function: it can only change at this person's own change points, so a
        projection evaluates it there once and looks every other minute up by bisection. Memoised on the
        day's values (a pure function of them): every projection of an event, and the coverage
        what-ifs, ask for the same people's days again."""
        return _presence(self.employee_id, tuple(self.windows), tuple(self.breaks), tuple(self.events))

    def record(self, minute: int, checked_in: bool) -> None:
        """Apply a live check-in/out; a redelivered event changes nothing."""
        entry = (minute, checked_in)
        if entry not in self.events:
            bisect.insort(self.events, entry)

    def available(self, window: Window) -> bool:
        """Scheduled for the whole window and on no break in it (who can be asked to move)."""
        start, end = window
        covered = any(s <= start and end <= e for s, e in self.windows)
        return covered and not any(s < end and start < e for s, e in self.breaks)

    def free_until(self, start: int) -> int | None:
        """Until when this person could work elsewhere from `start`: the end of their scheduled window
        or their next break, whichever comes first; None when not on shift (or on a break) at `start`."""
        if self.on_break(start):
            return None
        ends = [e for s, e in self.windows if s <= start < e]
        if not ends:
            return None
        return min([max(ends), *(s for s, _ in self.breaks if s > start)])

    def change_points(self) -> set[int]:
        points = {m for w in (*self.windows, *self.breaks) for m in w}
        return points | {m for m, _ in self.events}


@dataclass(frozen=True)
class Presence:
    """One staff member's presence over the day: `values[i]` holds from `points[i]` to the next point,
    `before` before the first one."""

    employee_id: str
    points: tuple[int, ...]
    values: tuple[bool, ...]
    before: bool

    def at(self, t: int) -> bool:
        index = bisect.bisect_right(self.points, t) - 1
        return self.before if index < 0 else self.values[index]


@lru_cache(maxsize=16_384)
def _presence(
    employee_id: str,
    windows: tuple[Window, ...],
    breaks: tuple[Window, ...],
    events: tuple[tuple[int, bool], ...],
) -> Presence:
    day = StaffDay(employee_id, list(windows), list(breaks), list(events))
    points = sorted(day.change_points())
    before = day.present_at(points[0] - 1) if points else day.present_at(0)
    return Presence(employee_id, tuple(points), tuple(day.present_at(p) for p in points), before)


def subtract(windows: list[Window], cut: Window) -> list[Window]:
    """`windows` minus `cut`, keeping the pieces before and after it."""
    out: list[Window] = []
    for start, end in windows:
        if end <= cut[0] or cut[1] <= start:
            out.append((start, end))
            continue
        if start < cut[0]:
            out.append((start, cut[0]))
        if cut[1] < end:
            out.append((cut[1], end))
    return out
