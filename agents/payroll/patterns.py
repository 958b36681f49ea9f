"""Cross-staff patterns over the pay period: shared-device punches and repeated edits, as scored findings.

Why tallies: these questions compare staff with each other, so they cannot be answered from one employee's
punches. The center's punches stream past one day at a time in time order (`agents/payroll/daystream.py`);
what survives is only what will be reported: per flagged group of staff a few counts and five examples,
per editor a few counts, the staff they edited and five examples.

Patterns are scored, never asserted: a score from 0 to 1 with the factors behind it, and wording that says
what a pattern *may* indicate. A shared kiosk queue can put two honest clock-ins in the same minute.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, tzinfo

from agents.common.types import Finding, stable_id
from agents.payroll.daystream import Clocked
from agents.payroll.model import PATTERN_CITATION, WORKFLOW, PayrollSettings
from agents.payroll.punches import clock, local, utc

EXAMPLES = 5

RATIO_CITATION_PREFIX = "Staff-to-child ratio at the clock-out minute: "


@dataclass
class EditTally:
    """Per editor: how many punches they edited, for whom; bounded by the number of editors."""

    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    staff: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    own: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    examples: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, e: Clocked, zone: tzinfo) -> None:
        if not e.edited_by:
            return
        editor = e.edited_by
        self.counts[editor] += 1
        self.staff[editor].add(e.employee_id)
        if editor == e.employee_id:
            self.own[editor] += 1
        if len(self.examples[editor]) < EXAMPLES:
            self.examples[editor].append(f"{e.employee_id} {e.kind} {clock(e.at, zone)}")

    def merge(self, day: EditTally) -> None:
        """Add one day's tally (kept apart until the day is known to have been read in order)."""
        for editor, n in day.counts.items():
            self.counts[editor] += n
            self.staff[editor] |= day.staff[editor]
            self.own[editor] += day.own[editor]
            room = EXAMPLES - len(self.examples[editor])
            self.examples[editor].extend(day.examples[editor][: max(0, room)])

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
class _SharedGroup:
    """What the report says about one set of staff seen together: counts and the first few occurrences."""

    occurrences: int = 0
    same_second: int = 0
    days: set[date] = field(default_factory=set)
    examples: list[list[Clocked]] = field(default_factory=list)


@dataclass
class SharedDeviceTally:
    """Staff clocking at the same minute on the same device, accumulated over the period; per set of staff
    only counts and five examples are kept, never every occurrence."""

    zone: tzinfo
    groups: dict[tuple[str, ...], _SharedGroup] = field(default_factory=dict)

    def add(self, group: list[Clocked]) -> None:
        key = tuple(sorted({e.employee_id for e in group}))
        seen = self.groups.setdefault(key, _SharedGroup())
        seen.occurrences += 1
        seen.same_second += len({utc(e.at) for e in group}) == 1
        seen.days.add(local(group[0].at, self.zone).date())
        if len(seen.examples) < EXAMPLES:
            seen.examples.append(group)

    def findings(self, cfg: PayrollSettings, period_start: date) -> list[Finding]:
        out: list[Finding] = []
        zone = self.zone
        for staff, seen in sorted(self.groups.items()):
            days = len(seen.days)
            score = round(
                min(1.0, 0.3 + 0.15 * (len(staff) - 2) + 0.2 * (days - 1) + 0.2 * (seen.same_second > 0)), 2
            )
            examples = [
                f"{g[0].device} {clock(g[0].at, zone)} {g[0].kind}: "
                + ", ".join(f"{e.employee_id} {local(e.at, zone):%H:%M:%S}" for e in g)
                for g in seen.examples
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
                            "occurrences": seen.occurrences,
                            "same_second": seen.same_second,
                        },
                        "examples": examples,
                        "punch_ids": [e.punch_id for g in seen.examples for e in g],
                    },
                    citation="29 CFR 516.2(a)(7); " + PATTERN_CITATION,
                )
            )
        return out
