"""Benchmark: validate a 14-day pay period for 1,000 and 10,000 staff; punches per second and peak memory.

Run: `.venv/bin/python bench/payroll.py [--staff 1000 10000]`. Not a test: prints figures, asserts nothing.

The Procare client is replaced by a synthetic one that serves JSON pages generated on the fly per request
(deterministic per employee and day, with a few percent of anomalies), and parses them into `TimePunch`
models exactly as the real client does, so nothing is held in memory that the agent does not hold itself.
The baseline parses the same per-employee punch pages (json -> TimePunch) and does nothing else, so the
ratio is the cost of validation over the cost of simply reading the punches.

Peak memory is measured with tracemalloc in a second run (tracemalloc slows Python down, so the timed run
is separate); it includes the findings, i.e. the report itself.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
import tracemalloc
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents import payroll
from agents.llm import OfflineDrafter
from agents.types import AgentContext, Event
from tools.models import ChildAttendance, Employee, School, Shift, TimePunch

ZONE = ZoneInfo("America/Los_Angeles")
PERIOD_START, PERIOD_END = date(2026, 3, 1), date(2026, 3, 14)
TODAY = date(2026, 3, 20)
PUNCHES = TypeAdapter(list[TimePunch])
SHIFTS = TypeAdapter(list[Shift])
STAFF_PER_ROOM = 4
ANOMALIES = {"on": True}
"""`--clean` turns the generated anomalies off, to show memory without a growing report."""


def _emp_id(i: int) -> str:
    return f"E{i:06d}"


def _days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def _shift_row(i: int, day: date) -> dict[str, Any] | None:
    if day.weekday() >= 5:
        return None
    start = 420 + 30 * (i % 4)
    return {
        "shift_id": f"{_emp_id(i)}-{day:%m%d}",
        "employee_id": _emp_id(i),
        "school_id": "S1",
        "classroom_id": f"R{i // STAFF_PER_ROOM}",
        "date": day.isoformat(),
        "start_minutes": start,
        "end_minutes": start + 500,
        "breaks": [
            {"start_minutes": start + 120, "end_minutes": start + 130, "kind": "rest"},
            {"start_minutes": start + 240, "end_minutes": start + 270, "kind": "meal"},
            {"start_minutes": start + 390, "end_minutes": start + 400, "kind": "rest"},
        ],
    }


def _punch_rows(i: int, day: date) -> list[dict[str, Any]]:
    """One employee-day: in, meal out/in, out, with ~5% each of early in, missed meal, late out, 2% no out."""
    shift = _shift_row(i, day)
    if shift is None:
        return []
    rng = random.Random(i * 100_003 + day.toordinal())
    start, end = shift["start_minutes"], shift["end_minutes"]
    roll = rng.random() if ANOMALIES["on"] else 1.0
    times = [("in", start - 20 if roll < 0.05 else start + rng.randint(-4, 4))]
    if not 0.05 <= roll < 0.10:
        meal = start + 240 + rng.randint(-5, 5)
        times += [("break_start", meal), ("break_end", meal + 31 + rng.randint(0, 2))]
    if not 0.15 <= roll < 0.17:
        times.append(("out", end + 45 if 0.10 <= roll < 0.15 else end + rng.randint(-4, 4)))
    base = datetime.combine(day, datetime.min.time())
    return [
        {
            "punch_id": f"{_emp_id(i)}-{day:%m%d}-{n}",
            "employee_id": _emp_id(i),
            "school_id": "S1",
            "punched_at": (base + timedelta(minutes=m, seconds=rng.randint(0, 59)))
            .replace(tzinfo=ZONE)
            .isoformat(),
            "kind": kind,
            "work_area": shift["classroom_id"],
            "device_id": f"S1-KIOSK-R{i // STAFF_PER_ROOM}",
        }
        for n, (kind, m) in enumerate(times)
    ]


@dataclass
class SyntheticProcare:
    """Implements the client methods the payroll agent calls, from generated JSON pages."""

    staff: int
    employee_punches: int = 0

    async def get_school(self, school_id: str) -> School:
        return School(
            school_id=school_id,
            school_code=school_id,
            name="Bench Center",
            state="CA",
            timezone="America/Los_Angeles",
            open_minutes=390,
            close_minutes=1110,
        )

    async def iter_employees(
        self, *, school_id: str | None = None, status: str | None = None
    ) -> AsyncIterator[Employee]:
        for i in range(self.staff):
            yield Employee(
                employee_id=_emp_id(i),
                person_id=f"P{i}",
                school_id="S1",
                first_name="Staff",
                last_name=str(i),
                email=f"s{i}@example.org",
                position="Teacher",
                hire_date=date(2020, 1, 1),
                birth_date=date(1990, 1, 1),
                updated_at=datetime(2026, 1, 1, tzinfo=UTC),
            )

    async def iter_shifts(
        self, *, employee_id: str | None = None, start: date | None = None, end: date | None = None, **_: Any
    ) -> AsyncIterator[Shift]:
        assert employee_id is not None and start is not None and end is not None
        rows = [r for d in _days(start, end) if (r := _shift_row(int(employee_id[1:]), d))]
        for s in SHIFTS.validate_json(json.dumps(rows)):
            yield s

    async def iter_punches(
        self,
        *,
        school_id: str | None = None,
        employee_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> AsyncIterator[TimePunch]:
        assert start is not None and end is not None
        if employee_id is not None:
            page = employee_page(int(employee_id[1:]), start, end)
            punches = PUNCHES.validate_json(page)
            self.employee_punches += len(punches)
            for p in punches:
                yield p
            return
        for i in range(self.staff):  # the center-day stream: one page per employee, never all at once
            for p in PUNCHES.validate_json(
                json.dumps([r for d in _days(start, end) for r in _punch_rows(i, d)])
            ):
                yield p

    async def iter_attendance(self, classroom_id: str, day: date) -> AsyncIterator[ChildAttendance]:
        for k in range(8):
            yield ChildAttendance(
                child_id=f"{classroom_id}-K{k}",
                classroom_id=classroom_id,
                school_id="S1",
                date=day,
                age_months=48,
                check_in_minutes=450,
                check_out_minutes=900,
            )


def employee_page(i: int, start: date, end: date) -> bytes:
    return json.dumps([r for d in _days(start, end) for r in _punch_rows(i, d)]).encode()


def _event() -> Event:
    return Event(
        id="bench",
        type="scan.payroll",
        occurred_at=datetime(2026, 3, 16, tzinfo=UTC),
        center_id="S1",
        data={"pay_period_start": str(PERIOD_START), "pay_period_end": str(PERIOD_END)},
    )


async def _agent(staff: int) -> tuple[float, int, int]:
    client = SyntheticProcare(staff)
    ctx = AgentContext(client=client, drafter=OfflineDrafter(), today=TODAY)  # type: ignore[arg-type]
    t0 = time.perf_counter()
    out = await payroll.run(_event(), ctx)
    return time.perf_counter() - t0, client.employee_punches, len(out.findings)


def _baseline(staff: int) -> tuple[float, int]:
    """Parse the same per-employee pages the agent reads (same date range), nothing else."""
    first = PERIOD_START - timedelta(days=(PERIOD_START.weekday() + 1) % 7) - timedelta(days=1)
    last = PERIOD_END + timedelta(days=1)
    n, parsing = 0, 0.0
    for i in range(staff):
        page = employee_page(i, first, last)  # generating the page is not timed
        t0 = time.perf_counter()
        n += len(PUNCHES.validate_json(page))
        parsing += time.perf_counter() - t0
    return parsing, n


def _peak_mib(staff: int) -> float:
    tracemalloc.start()
    asyncio.run(_agent(staff))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-memory", action="store_true", help="skip the (slower) tracemalloc run")
    parser.add_argument(
        "--clean", action="store_true", help="no generated anomalies (an almost empty report)"
    )
    args = parser.parse_args()
    ANOMALIES["on"] = not args.clean
    print(f"pay period {PERIOD_START}..{PERIOD_END} (14 days, weekdays worked), California rules")
    print(
        f"{'staff':>7} {'punches':>9} {'findings':>9} {'agent p/s':>10} {'parse p/s':>10} "
        f"{'ratio':>6} {'peak MiB':>9}"
    )
    for staff in args.staff:
        seconds, punches, findings = asyncio.run(_agent(staff))
        base_seconds, base_punches = _baseline(staff)
        assert base_punches == punches, (base_punches, punches)
        agent_rate, base_rate = punches / seconds, punches / base_seconds
        peak = float("nan") if args.no_memory else _peak_mib(staff)
        print(
            f"{staff:>7} {punches:>9} {findings:>9} {agent_rate:>10.0f} {base_rate:>10.0f} "
            f"{base_rate / agent_rate:>5.1f}x {peak:>9.1f}"
        )
    print("ratio = baseline (parse only) punches/s over agent punches/s: how many times slower validation is")
    print(
        "agent time includes generating its JSON pages and the center-day pass (it reads every punch twice)"
    )


if __name__ == "__main__":
    main()
