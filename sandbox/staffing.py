"""Staffing a generated center to ratio: what each room needs through the day, and shifts and breaks
that meet it.

Why: a real center staffs every room to its state's ratio for the children it expects; shortfalls come
from breaks, call-outs and shift edges, a handful a day, not from rooms that never had enough teachers.
So the generator sizes rosters and shifts with `policies.ratios` (the rules the ratio agent applies),
and the daily schedule puts breaks where a room has a spare adult. Pure functions on a time grid from
opening; randomness is drawn by the callers and passed in.

Conventions: minutes from midnight; a shift or break `[start, end)`; `GRID` minutes per slot (every
generated time is on it: opening and closing hours are whole half hours, arrivals quarter hours, breaks
five-minute marks).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from policies.ratios import CenterRatioPolicy, check_room, required_staff

GRID = 5
SHIFT_MINUTES = 510
"""A full-time shift: 8 paid hours and a 30-minute unpaid meal."""
PART_TIME_MINUTES = 330
LEAD_MINUTES = 15
"""Staff are scheduled this long before the children they are needed for (early drop-offs)."""

PEAK_MARGIN = 2
"""Shifts beyond the peak need that a full day takes (an opener and a closer), for the first sizing try."""

Child = tuple[str, int, int, int]
"""(child id, age in months today, expected in, expected out), as the generator keeps a room's roster."""


@dataclass(frozen=True)
class RoomNeed:
    """Staff a room needs with every expected child in: `required[i]` from `points[i]` until the next point
    (or closing). Built from `policies.ratios.required_staff`, so it includes the state's time-of-day
    exceptions and the classroom's own (stricter) configured ratio."""

    open_minutes: int
    close_minutes: int
    points: tuple[int, ...]
    required: tuple[int, ...]

    @property
    def peak(self) -> int:
        return max(self.required, default=0)

    def grid(self) -> list[int]:
        """Required staff per `GRID`-minute slot from opening to closing."""
        out: list[int] = []
        bounds = [*self.points[1:], self.close_minutes]
        for need, end in zip(self.required, bounds, strict=True):
            out.extend([need] * ((end - self.open_minutes) // GRID - len(out)))
        return out


def room_need(
    state: str, roster: Iterable[Child], open_minutes: int, close_minutes: int, policy: CenterRatioPolicy
) -> RoomNeed:
    """Required staff through the day, at each minute where the children present (or the rule) change."""
    children = list(roster)
    edges = {open_minutes + 45, open_minutes + 60, close_minutes - 60, close_minutes - 45}
    moments = {open_minutes, *edges} | {m for c in children for m in (c[2], c[3])}
    points: list[int] = []
    required: list[int] = []
    for minute in sorted(m for m in moments if open_minutes <= m < close_minutes):
        ages = [c[1] for c in children if c[2] <= minute < c[3]]
        need = required_staff(
            state,
            ages,
            minute_of_day=minute,
            open_minutes=open_minutes,
            close_minutes=close_minutes,
            center_policy=policy,
        )
        if not required or need != required[-1]:
            points.append(minute)
            required.append(need)
    return RoomNeed(open_minutes, close_minutes, tuple(points), tuple(required))


def cover(need: RoomNeed, length: int = SHIFT_MINUTES, lead: int = LEAD_MINUTES) -> list[int]:
    """Start minutes of the fewest `length`-minute shifts that keep staff on shift >= need all day.

    Greedy from opening: at the first slot short, start a shift `lead` minutes before it (never before
    opening, never ending after closing). Fixed-length intervals make this greedy optimal.
    """
    open_, close = need.open_minutes, need.close_minutes
    want = need.grid()
    on = [0] * len(want)
    starts: list[int] = []
    for slot, needed in enumerate(want):
        while on[slot] < needed:
            minute = open_ + slot * GRID
            start = max(open_, min(minute - lead, close - length))
            starts.append(start)
            first, last = (start - open_) // GRID, min(len(on), (start + length - open_) // GRID)
            for k in range(first, last):
                on[k] += 1
    return starts


def size_room(
    state: str,
    roster: Sequence[Child],
    open_minutes: int,
    close_minutes: int,
    policy: CenterRatioPolicy,
    staff: int,
) -> tuple[list[Child], RoomNeed, list[int]]:
    """The children (a prefix of `roster`) that `staff` full shifts keep in ratio all day, their need
    and the shift starts; at least two children stay (a room is never sized away).

    A day is longer than a shift, so a room of peak need p takes about p + 2 shifts (openers, closers and
    the peak): the first try aims at that, then children leave, a staff member's worth at a time, until
    the shifts suffice. The group cap (state band or classroom) always applies.
    """
    full = check_room(state, [c[1] for c in roster], 0, center_policy=policy)
    per = full.children_per_staff or max(1, len(roster))
    keep = min(len(roster), full.max_group_size or len(roster), max(1, staff - PEAK_MARGIN) * per)
    while True:
        keep = max(min(2, len(roster)), keep)
        need = room_need(state, roster[:keep], open_minutes, close_minutes, policy)
        starts = cover(need)
        if len(starts) <= staff or keep <= 2:
            return list(roster[:keep]), need, starts
        keep = min(keep - 1, (need.peak - 1) * per)


@dataclass
class RoomDayGrid:
    """One room on one day on the grid: staff needed, on shift and on a break (for placing breaks)."""

    open_minutes: int
    need: list[int]
    on_shift: list[int]
    on_break: list[int]

    @classmethod
    def of(cls, need: RoomNeed, shifts: Iterable[tuple[int, int]]) -> RoomDayGrid:
        want = need.grid()
        grid = cls(need.open_minutes, want, [0] * len(want), [0] * len(want))
        for start, end in shifts:
            grid.add(grid.on_shift, start, end, 1)
        return grid

    def _slots(self, start: int, end: int) -> range:
        return range(
            max(0, (start - self.open_minutes) // GRID),
            min(len(self.need), -(-(end - self.open_minutes) // GRID)),
        )

    def add(self, row: list[int], start: int, end: int, amount: int) -> None:
        for k in self._slots(start, end):
            row[k] += amount

    def spare(self, start: int, end: int) -> int:
        """The fewest staff beyond the need at any slot of `[start, end)` (negative: short)."""
        slots = self._slots(start, end)
        return min((self.on_shift[k] - self.on_break[k] - self.need[k] for k in slots), default=0)

    def tight(self, start: int, end: int) -> int:
        """Slots of `[start, end)` with no spare adult, a short slot counting once more per staff missing
        (a floater's pull towards this room)."""
        return sum(
            1 + max(0, self.need[k] - self.on_shift[k])
            for k in self._slots(start, end)
            if self.on_shift[k] <= self.need[k] and self.need[k] > 0
        )


def place_break(grid: RoomDayGrid, length: int, candidates: Sequence[int], *, careless: bool) -> int:
    """The start of a break of `length` minutes: the first candidate (they come nearest-first to the
    planned time) where the room keeps its ratio without this person; the planned time (the first
    candidate) when none does, or when the break is taken without looking (`careless`)."""
    chosen = candidates[0]
    if not careless:
        chosen = next((c for c in candidates if grid.spare(c, c + length) >= 1), chosen)
    grid.add(grid.on_break, chosen, chosen + length, 1)
    return chosen


def nearest_first(planned: int, low: int, high: int, step: int = GRID) -> list[int]:
    """Candidate minutes in `[low, high]` on the grid, the planned one first, then by distance to it."""
    options = range(low - low % step, high + 1, step)
    return [
        planned,
        *sorted((m for m in options if m != planned and m >= low), key=lambda m: (abs(m - planned), m)),
    ]
