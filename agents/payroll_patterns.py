"""Cross-staff checks, one center-day at a time: shared-device punches, repeated edits, ratio at clock-out.

Why per day: these questions compare staff with each other, so they cannot be answered from one employee's
punches. A center's punches are streamed one day at a time and reduced to compact tuples (who, when, which
room, which device); the working set is one day's clock events, never the pay period. What survives a day
is only what will be reported (the flagged groups, per-editor counts).

Patterns are scored, never asserted: a score from 0 to 1 with the factors behind it, and wording that says
what a pattern *may* indicate. A shared kiosk queue can put two honest clock-ins in the same minute.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Literal

from agents.payroll_model import PATTERN_CITATION, WORKFLOW, PayrollSettings
from agents.payroll_punches import clock, local, utc
from agents.types import Finding, stable_id
from tools.models import TimePunch

RATIO_CITATION_PREFIX = "Staff-to-child ratio at the clock-out minute: "


@dataclass(frozen=True, slots=True)
class Clocked:
    """One clock event reduced to what the cross-staff checks need."""

    employee_id: str
    punch_id: str
    kind: str
    at: datetime
    area: str | None
    device: str | None


@dataclass(frozen=True, slots=True)
class Departure:
    """A staff member leaving a room (clock-out or break start), and who stays."""

    employee_id: str
    punch_id: str
    kind: Literal["out", "break_start"]
    room: str
    at: datetime
    minute_of_day: int
    staff_remaining: int


class DayScan:
    """One center-day of punches, as compact clock events."""

    def __init__(self, day: date, zone: tzinfo) -> None:
        self.day, self.zone = day, zone
        self.events: list[Clocked] = []

    def add(self, p: TimePunch) -> None:
        self.events.append(Clocked(p.employee_id, p.punch_id, p.kind, p.punched_at, p.work_area, p.device_id))

    def shared_device_minutes(self) -> list[list[Clocked]]:
        """Groups of clock-ins/outs by two or more staff on the same device in the same local minute."""
        groups: dict[tuple[str, str, str], list[Clocked]] = defaultdict(list)
        for e in self.events:
            if e.device and e.kind in ("in", "out"):
                minute = local(e.at, self.zone).strftime("%Y-%m-%dT%H:%M")
                groups[(e.device, minute, e.kind)].append(e)
        return [g for g in groups.values() if len({e.employee_id for e in g}) >= 2]

    def _intervals(self) -> dict[str, list[tuple[str, datetime, datetime | None, Clocked | None]]]:
        """Per room: (employee, from, until or None, the event that ended it) of time on the floor."""
        by_staff: dict[str, list[Clocked]] = defaultdict(list)
        for e in self.events:
            by_staff[e.employee_id].append(e)
        rooms: dict[str, list[tuple[str, datetime, datetime | None, Clocked | None]]] = defaultdict(list)
        for staff, events in by_staff.items():
            area: str | None = None
            since: datetime | None = None
            for e in sorted(events, key=lambda e: utc(e.at)):
                if e.kind in ("in", "break_end"):
                    area = e.area if e.kind == "in" else (e.area or area)
                    since = e.at
                elif since is not None and area:
                    rooms[area].append((staff, since, e.at, e))
                    since = None
                if e.kind == "out":
                    area = None
            if since is not None and area:
                rooms[area].append((staff, since, None, None))
        return rooms

    def departures(self) -> list[Departure]:
        """Every clock-out or break start from a room, with how many staff remain there at that instant."""
        found: list[Departure] = []
        for room, spans in self._intervals().items():
            for staff, _since, until, ended_by in spans:
                if until is None or ended_by is None or ended_by.kind not in ("out", "break_start"):
                    continue
                t = utc(until)
                remaining = sum(
                    1
                    for other, a, b, _e in spans
                    if other != staff and utc(a) <= t and (b is None or t < utc(b))
                )
                wall = local(until, self.zone)
                if wall.date() != self.day:
                    continue
                kind: Literal["out", "break_start"] = "out" if ended_by.kind == "out" else "break_start"
                found.append(
                    Departure(
                        staff, ended_by.punch_id, kind, room, until, wall.hour * 60 + wall.minute, remaining
                    )
                )
        return found


@dataclass
class EditTally:
    """Per editor: how many punches they edited, for whom; bounded by the number of editors."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    staff: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    own: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, p: TimePunch, zone: tzinfo) -> None:
        if not p.edited_by:
            return
        editor = p.edited_by
        self.counts[editor] += 1
        self.staff[editor].add(p.employee_id)
        if editor == p.employee_id:
            self.own[editor] += 1
        if len(self.examples[editor]) < 5:
            self.examples[editor].append(f"{p.employee_id} {p.kind} {clock(p.punched_at, zone)}")

    def findings(self, cfg: PayrollSettings, period_start: date) -> list[Finding]:
        out: list[Finding] = []
        for editor, n in sorted(self.counts.items()):
            if n < cfg.edit_threshold:
                continue
            own = self.own[editor]
            volume = min(1.0, n / (cfg.edit_threshold * 4))
            score = round(min(1.0, 0.2 + 0.5 * volume + (0.3 if own else 0.0)), 2)
            staff = sorted(self.staff[editor])
            out.append(
                Finding(
                    id=stable_id(WORKFLOW, "pattern_repeated_edits", editor, str(period_start)),
                    workflow=WORKFLOW,
                    kind="pattern_repeated_edits",
                    severity="warning" if score >= cfg.task_score_threshold else "info",
                    summary=f"{n} punches were edited by {editor} for {len(staff)} staff"
                    + (f", {own} of them the editor's own" if own else "")
                    + f"; this may indicate corrections that deserve a second look (score {score:.2f}).",
                    staff_ids=[editor, *[s for s in staff if s != editor]] if editor in staff else staff,
                    evidence={
                        "editor": editor,
                        "score": score,
                        "factors": {"edits": n, "staff_edited": len(staff), "own_punches_edited": own},
                        "examples": self.examples[editor],
                        "threshold": cfg.edit_threshold,
                    },
                    citation="29 CFR 516.2(a)(7); " + PATTERN_CITATION,
                )
            )
        return out


@dataclass
class SharedDeviceTally:
    """Groups of staff clocking at the same minute on the same device, accumulated over the period."""

    groups: dict[tuple[str, ...], list[list[Clocked]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, group: list[Clocked]) -> None:
        key = tuple(sorted({e.employee_id for e in group}))
        self.groups[key].append(group)

    def findings(self, cfg: PayrollSettings, zone: tzinfo, period_start: date) -> list[Finding]:
        out: list[Finding] = []
        for staff, occurrences in sorted(self.groups.items()):
            same_second = sum(1 for g in occurrences if len({utc(e.at) for e in g}) == 1)
            days = len({local(g[0].at, zone).date() for g in occurrences})
            score = round(
                min(1.0, 0.3 + 0.15 * (len(staff) - 2) + 0.2 * (days - 1) + 0.2 * (same_second > 0)), 2
            )
            examples = [
                f"{g[0].device} {clock(g[0].at, zone)} {g[0].kind}: "
                + ", ".join(f"{e.employee_id} {local(e.at, zone):%H:%M:%S}" for e in g)
                for g in occurrences[:5]
            ]
            out.append(
                Finding(
                    id=stable_id(WORKFLOW, "pattern_shared_device_minute", staff, str(period_start)),
                    workflow=WORKFLOW,
                    kind="pattern_shared_device_minute",
                    severity="warning" if score >= cfg.task_score_threshold else "info",
                    summary=f"{len(staff)} staff ({', '.join(staff)}) punched on the same device in the same "
                    f"minute on {days} day(s); this may indicate one person punching for another, or simply "
                    f"a queue at the kiosk (score {score:.2f}).",
                    staff_ids=list(staff),
                    evidence={
                        "score": score,
                        "factors": {
                            "staff": len(staff),
                            "days": days,
                            "occurrences": len(occurrences),
                            "same_second": same_second,
                        },
                        "examples": examples,
                        "punch_ids": [e.punch_id for g in occurrences[:5] for e in g],
                    },
                    citation="29 CFR 516.2(a)(7); " + PATTERN_CITATION,
                )
            )
        return out
