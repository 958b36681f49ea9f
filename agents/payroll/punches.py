"""Turn one employee's raw time punches into work sessions, and match them to scheduled shifts.

Why a module of its own: every payroll check starts from the same question ("what did this person actually
work, and which shift was it?") and the same traps: punches that do not pair up, shifts over midnight, and
daylight-saving nights. Here every instant stays timezone-aware and durations are measured in UTC, so a
shift on the fall-back night is one hour longer than its wall clock says.

Pairing model: `in` opens a session, `out` closes it; `break_start`/`break_end` inside a session is an
off-the-clock break (a meal attempt for the labor rules), unless both punches carry the pay code `REST`, which
marks a paid rest period that stays on the clock. A session belongs to the workday (local date) on which it
started, including any part after midnight.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Literal

from tools.models import Shift, TimePunch

REST_PAY_CODE = "REST"
_MINUTE = timedelta(minutes=1)
MAX_SESSION = timedelta(hours=20)
"""A session longer than this is two sessions with a missing out- and in-punch, not a real shift."""

OrphanKind = Literal["missed_in", "missed_out", "unpaired_break", "session_too_long"]


def utc(t: datetime) -> datetime:
    """An aware instant in UTC (arithmetic on it is real elapsed time)."""
    return t if t.tzinfo is UTC else t.astimezone(UTC)


def minutes_between(a: datetime, b: datetime) -> float:
    """Real minutes from `a` to `b` (negative when `b` is earlier), across DST changes."""
    return (utc(b) - utc(a)).total_seconds() / 60


def local(t: datetime, zone: tzinfo) -> datetime:
    """`t` on the center's wall clock."""
    return t.astimezone(zone)


def clock(t: datetime, zone: tzinfo) -> str:
    """A punch time as a director reads it: local date, time and UTC offset."""
    return local(t, zone).isoformat(timespec="minutes")


@dataclass(frozen=True)
class ShiftWindow:
    """A scheduled shift as real instants in the center's zone (end may fall on the next day)."""

    shift: Shift
    start: datetime
    end: datetime
    rest_breaks: tuple[tuple[datetime, datetime], ...]
    start_utc: datetime
    end_utc: datetime
    rest_breaks_utc: tuple[tuple[datetime, datetime], ...]
    """The same instants in UTC, converted once: the checks compare them with punches many times."""


def shift_window(shift: Shift, zone: tzinfo) -> ShiftWindow:
    """Minutes from midnight on the shift's date -> aware instants (wall-clock minutes, as Procare stores)."""
    base = datetime.combine(shift.date, time())

    def at(minutes: int) -> datetime:
        return (base + _MINUTE * minutes).replace(tzinfo=zone)

    rests = tuple((at(b.start_minutes), at(b.end_minutes)) for b in shift.breaks if b.kind == "rest")
    start, end = at(shift.start_minutes), at(shift.end_minutes)
    rests_utc = tuple((utc(a), utc(b)) for a, b in rests)
    return ShiftWindow(shift, start, end, rests, utc(start), utc(end), rests_utc)


@dataclass
class Session:
    """One clock-in to clock-out (end None when the out-punch is missing)."""

    start: TimePunch
    end: TimePunch | None = None
    breaks: list[tuple[TimePunch, TimePunch]] = field(default_factory=list)
    rests: list[tuple[TimePunch, TimePunch]] = field(default_factory=list)
    _workday: tuple[tzinfo, date] | None = field(default=None, init=False, repr=False, compare=False)
    """The last `workday` answer and its zone: the checks ask it several times per session."""

    _instants: tuple[TimePunch, datetime, TimePunch | None, datetime | None] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    """(start, its UTC instant, end, its UTC instant) as last converted, so each is converted once."""

    @property
    def start_utc(self) -> datetime:
        """The clock-in as a UTC instant (the checks measure from it several times)."""
        return self._utc()[1]

    @property
    def end_utc(self) -> datetime | None:
        """The clock-out as a UTC instant, None while the out-punch is missing."""
        return self._utc()[3]

    def _utc(self) -> tuple[TimePunch, datetime, TimePunch | None, datetime | None]:
        known = self._instants
        if known is None or known[0] is not self.start or known[2] is not self.end:
            start = known[1] if known is not None and known[0] is self.start else utc(self.start.punched_at)
            end = None if self.end is None else utc(self.end.punched_at)
            known = self._instants = (self.start, start, self.end, end)
        return known

    @property
    def complete(self) -> bool:
        return self.end is not None

    def workday(self, zone: tzinfo) -> date:
        known = self._workday
        if known is not None and known[0] is zone:
            return known[1]
        day = local(self.start.punched_at, zone).date()
        self._workday = (zone, day)
        return day

    def segments(self, zone: tzinfo) -> list[tuple[datetime, datetime]]:
        """On-the-clock intervals in local time: the session cut at each off-the-clock break."""
        if self.end is None:
            return []
        cuts = [self.start.punched_at]
        for b_start, b_end in self.breaks:
            cuts += [b_start.punched_at, b_end.punched_at]
        cuts.append(self.end.punched_at)
        pairs = zip(cuts[::2], cuts[1::2], strict=True)
        return [(local(a, zone), local(b, zone)) for a, b in pairs if utc(b) > utc(a)]

    def rest_periods(self, zone: tzinfo) -> list[tuple[datetime, datetime]]:
        return [(local(a.punched_at, zone), local(b.punched_at, zone)) for a, b in self.rests]

    def punches(self) -> list[TimePunch]:
        out = [self.start, *(p for pair in self.breaks + self.rests for p in pair)]
        return out + ([self.end] if self.end else [])


@dataclass(frozen=True)
class Orphan:
    """A punch that does not pair up, with what is missing."""

    kind: OrphanKind
    punch: TimePunch
    detail: str


@dataclass
class Timecard:
    """One employee's punches for a period, paired."""

    sessions: list[Session]
    orphans: list[Orphan]


def _is_rest(a: TimePunch, b: TimePunch) -> bool:
    return a.pay_code.upper() == REST_PAY_CODE and b.pay_code.upper() == REST_PAY_CODE


def pair_punches(punches: list[TimePunch], zone: tzinfo) -> Timecard:
    """Pair punches in time order into sessions; every punch that cannot be paired becomes an Orphan."""
    sessions: list[Session] = []
    orphans: list[Orphan] = []
    open_: Session | None = None
    open_break: TimePunch | None = None

    def close_missing_out() -> None:
        nonlocal open_, open_break
        if open_ is None:
            return
        if open_break is not None:
            orphans.append(Orphan("unpaired_break", open_break, "break start with no break end"))
        orphans.append(Orphan("missed_out", open_.start, "clock-in with no clock-out"))
        sessions.append(open_)
        open_, open_break = None, None

    for p in sorted(punches, key=lambda p: (utc(p.punched_at), p.punch_id)):
        if p.kind == "in":
            close_missing_out()
            open_ = Session(p)
        elif p.kind == "break_start":
            if open_ is None:
                orphans.append(Orphan("unpaired_break", p, "break start while not clocked in"))
            else:
                if open_break is not None:
                    orphans.append(Orphan("unpaired_break", open_break, "break start with no break end"))
                open_break = p
        elif p.kind == "break_end":
            if open_ is None or open_break is None:
                orphans.append(Orphan("unpaired_break", p, "break end with no break start"))
            else:
                target = open_.rests if _is_rest(open_break, p) else open_.breaks
                target.append((open_break, p))
                open_break = None
        elif open_ is None:
            orphans.append(Orphan("missed_in", p, "clock-out with no clock-in"))
        else:
            if open_break is not None:
                orphans.append(Orphan("unpaired_break", open_break, "break start with no break end"))
                open_break = None
            open_.end = p
            assert open_.end_utc is not None
            if (open_.end_utc - open_.start_utc).total_seconds() / 60 > MAX_SESSION.total_seconds() / 60:
                orphans.append(
                    Orphan(
                        "session_too_long",
                        open_.start,
                        f"clock-in {clock(open_.start.punched_at, zone)} to clock-out "
                        f"{clock(p.punched_at, zone)} is over {MAX_SESSION.total_seconds() / 3600:.0f} h: "
                        "a clock-out and a clock-in are probably missing",
                    )
                )
                open_.end = None
            sessions.append(open_)
            open_ = None
    close_missing_out()
    return Timecard(sessions, orphans)


def match_shifts(
    sessions: list[Session], windows: list[ShiftWindow], zone: tzinfo
) -> tuple[dict[int, ShiftWindow], list[ShiftWindow]]:
    """Match each session to the shift of its workday it overlaps most (or starts nearest).

    Returns {session index: shift} and the shifts no session matched (no punches at all for them).
    """
    by_day: dict[date, list[ShiftWindow]] = defaultdict(list)
    for w in windows:
        by_day[w.shift.date].append(w)
    matched: dict[int, ShiftWindow] = {}
    used: set[str] = set()
    for i, s in enumerate(sessions):
        candidates = by_day.get(s.workday(zone), [])
        if not candidates:
            continue
        start = s.start_utc
        end = s.end_utc or start

        def score(w: ShiftWindow, start: datetime = start, end: datetime = end) -> tuple[float, float]:
            overlap = min(end, w.end_utc) - max(start, w.start_utc)
            return (overlap.total_seconds(), -abs((start - w.start_utc).total_seconds() / 60))

        best = max(candidates, key=score)
        matched[i] = best
        used.add(best.shift.shift_id)
    unmatched = [w for w in windows if w.shift.shift_id not in used]
    return matched, unmatched
