"""Benchmark: validate a 14-day pay period for 1,000 and 10,000 staff; punches per second and peak memory.

Run: `.venv/bin/python bench/payroll.py [--staff 1000 10000]`. Not a test: prints figures, asserts nothing.

The Procare client is replaced by a synthetic one that serves JSON pages generated on the fly per request
(deterministic per employee and day, with a few percent of anomalies), and parses them into `TimePunch`
models exactly as the real client does, so nothing is held in memory that the agent does not hold itself.
The center-day stream comes in time order, as `GET /v1/time-punches` promises: the synthetic server keeps a
packed sort index (8 bytes a punch, reported apart) and regenerates each page's rows from it.
The baseline parses the same per-employee punch pages (json -> TimePunch) and does nothing else, so the
ratio is the cost of validation over the cost of simply reading the punches.

Both rates are shown in wall-clock and in CPU time (`time.process_time`, the synthetic server's share taken
out of each the same way); the goal is judged on CPU time: the machine is shared, and the agent and its
baseline run minutes apart, so the wall-clock ratio follows the other work on the machine.

Peak memory is measured with tracemalloc in a second run (tracemalloc slows Python down, so the timed run
is separate). The whole peak includes the findings, i.e. the report itself; so the bench also shows what the
output holds at the end and each phase's peak apart from the findings already held (see `Memory`): the
per-employee and cross-staff passes are what must not grow with the number of staff.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import random
import sys
import time
import tracemalloc
from array import array
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from agents import payroll
from agents.common.llm import OfflineDrafter
from agents.common.types import AgentContext, AgentOutput, Event
from agents.payroll import agent as payroll_agent
from agents.payroll.scan import PeriodScan
from bench.figures import Figure, add_arguments, write
from tests.clock import during
from tools.models import ChildAttendance, Employee, School, Shift, TimePunch

ZONE = ZoneInfo("America/Los_Angeles")
PERIOD_START, PERIOD_END = date(2026, 3, 1), date(2026, 3, 14)
TODAY = date(2026, 3, 20)
PUNCHES = TypeAdapter(list[TimePunch])
SHIFTS = TypeAdapter(list[Shift])
STAFF_PER_ROOM = 4
PAGE_LIMIT = 500
"""The largest page the real endpoint serves."""
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


def _punch_times(i: int, day: date) -> list[tuple[str, int, int]]:
    """One employee-day as (kind, minute of day, second): in, meal out/in, out, with ~5% each of early in,
    missed meal, late out, 2% no out. Deterministic per employee and day."""
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
    return [(kind, m, rng.randint(0, 59)) for kind, m in times]


def _punch_row(i: int, day: date, n: int, kind: str, minute: int, second: int) -> dict[str, Any]:
    base = datetime.combine(day, datetime.min.time())
    return {
        "punch_id": f"{_emp_id(i)}-{day:%m%d}-{n}",
        "employee_id": _emp_id(i),
        "school_id": "S1",
        "punched_at": (base + timedelta(minutes=minute, seconds=second)).replace(tzinfo=ZONE).isoformat(),
        "kind": kind,
        "work_area": f"R{i // STAFF_PER_ROOM}",
        "device_id": f"S1-KIOSK-R{i // STAFF_PER_ROOM}",
    }


def _punch_rows(i: int, day: date) -> list[dict[str, Any]]:
    return [_punch_row(i, day, n, *t) for n, t in enumerate(_punch_times(i, day))]


def _day_in_time_order(staff: int, day: date) -> tuple[Iterator[list[dict[str, Any]]], int]:
    """The center-day as a server ordering by `punched_at` would send it, one page per minute, and the size
    in bytes of the sort index this takes (8 bytes a punch: the synthetic server's cost, not the agent's).

    The index is one packed array of (second, employee, punch number) keys per minute; a page regenerates
    its rows from those keys, so no row is held before it is sent."""
    minutes: dict[int, array[int]] = {}
    for i in range(staff):
        for n, (_kind, minute, second) in enumerate(_punch_times(i, day)):
            minutes.setdefault(minute, array("q")).append(second << 40 | i << 3 | n)
    size = sys.getsizeof(minutes) + sum(sys.getsizeof(a) for a in minutes.values())

    def pages() -> Iterator[list[dict[str, Any]]]:
        for minute in sorted(minutes):
            rows = []
            for key in sorted(minutes.pop(minute)):
                i, n = key >> 3 & (1 << 37) - 1, key & 7
                kind, m, second = _punch_times(i, day)[n]
                rows.append(_punch_row(i, day, n, kind, m, second))
            yield rows

    return pages(), size


@dataclass
class SyntheticProcare:
    """Implements the client methods the payroll agent calls, from generated JSON pages."""

    staff: int
    employee_punches: int = 0
    index_bytes: int = 0
    """Largest sort index the synthetic server built for one center-day (its memory, not the agent's)."""
    generating: float = 0.0
    """Seconds spent generating rows and encoding them as JSON: the server's work, not the agent's (a
    real Procare has the rows); parsing the JSON into models is the client's, and counts as the agent's."""
    generating_cpu: float = 0.0
    """The same in this process's CPU time."""

    def _start(self) -> tuple[float, float]:
        return time.perf_counter(), time.process_time()

    def _stop(self, t0: tuple[float, float]) -> None:
        self.generating += time.perf_counter() - t0[0]
        self.generating_cpu += time.process_time() - t0[1]

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
        t0 = self._start()
        rows = [r for d in _days(start, end) if (r := _shift_row(int(employee_id[1:]), d))]
        raw = json.dumps(rows)
        self._stop(t0)
        for s in SHIFTS.validate_json(raw):
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
            t0 = self._start()
            page = employee_page(int(employee_id[1:]), start, end)
            self._stop(t0)
            punches = PUNCHES.validate_json(page)
            self.employee_punches += len(punches)
            for p in punches:
                yield p
            return
        for day in _days(start, end):  # the center-day stream, in time order like the real endpoint
            t0 = self._start()
            pages, index_bytes = _day_in_time_order(self.staff, day)
            self.index_bytes = max(self.index_bytes, index_bytes)
            self._stop(t0)
            while True:
                t0 = self._start()
                rows = next(pages, None)
                raws = (
                    []
                    if rows is None
                    else [
                        json.dumps(rows[first : first + PAGE_LIMIT])
                        for first in range(0, len(rows), PAGE_LIMIT)
                    ]
                )
                self._stop(t0)
                if rows is None:
                    break
                for raw in raws:
                    for p in PUNCHES.validate_json(raw):
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


class _PassStats(logging.Handler):
    """Keeps the agent's own account of its cross-staff pass (peak open staff and rooms, days re-sorted)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.last: tuple[int, int, int] = (0, 0, 0)

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg.startswith("cross-staff pass") and isinstance(record.args, tuple):
            _school, staff, rooms, unordered = (str(a) for a in record.args)
            self.last = (int(staff), int(rooms), int(unordered))


STATS = _PassStats()


async def _run(client: SyntheticProcare) -> AgentOutput:
    ctx = AgentContext(client=client, drafter=OfflineDrafter(), as_of=during(TODAY))  # type: ignore[arg-type]
    return await payroll.run(_event(), ctx)


async def _agent(staff: int) -> tuple[float, float, float, int, int]:
    """(the agent's own seconds, the same in CPU time, the synthetic server's seconds inside them,
    punches, findings)."""
    client = SyntheticProcare(staff)
    t0, c0 = time.perf_counter(), time.process_time()
    out = await _run(client)
    spent, cpu = time.perf_counter() - t0, time.process_time() - c0
    return (
        spent - client.generating,
        cpu - client.generating_cpu,
        client.generating,
        client.employee_punches,
        len(out.findings),
    )


def _baseline(staff: int) -> tuple[float, float, int]:
    """Parse the same per-employee pages the agent reads (same date range), nothing else: (seconds, CPU
    seconds, punches)."""
    first = PERIOD_START - timedelta(days=(PERIOD_START.weekday() + 1) % 7) - timedelta(days=1)
    last = PERIOD_END + timedelta(days=1)
    n, parsing, parsing_cpu = 0, 0.0, 0.0
    for i in range(staff):
        page = employee_page(i, first, last)  # generating the page is not timed
        t0, c0 = time.perf_counter(), time.process_time()
        n += len(PUNCHES.validate_json(page))
        parsing += time.perf_counter() - t0
        parsing_cpu += time.process_time() - c0
    return parsing, parsing_cpu, n


MiB = 2**20


@dataclass(frozen=True)
class Memory:
    """Traced memory of one run, in MiB: the whole peak, what the output holds, and each phase's own share."""

    peak: float
    """The whole run's peak, as tracemalloc sees it (agent, synthetic server, output)."""
    report: float
    """What the agent's output still holds at the end: findings, proposals, audit reads, report text."""
    employees: float
    """Per-employee pass: its peak less the findings (and audit reads) held when it ends."""
    days: float
    """Cross-staff pass: its peak less what was held when it started (so its own findings count here)."""
    render: float
    """Report rendering: its peak less what was held before it (the Markdown text and its scaffolding)."""
    server: float
    """The synthetic server's largest center-day sort index (8 bytes a punch; a real one sorts in its DB)."""


def _memory(staff: int) -> Memory:
    """One traced run. The agent's two passes and its report rendering are wrapped (bench only, private
    names) to read tracemalloc at their boundaries, so each phase's peak is seen apart from the findings
    that were already held when it ran."""
    marks: dict[str, tuple[int, int]] = {}
    days, report = PeriodScan.days, payroll_agent._report

    def mark(name: str) -> None:
        marks[name] = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()

    async def marked_days(self: Any) -> None:
        mark("employees")
        await days(self)
        mark("days")

    async def marked_report(*args: Any) -> str:
        mark("before_report")
        text = await report(*args)
        mark("render")
        return text

    PeriodScan.days = marked_days  # type: ignore[method-assign]
    payroll_agent._report = marked_report  # type: ignore[assignment]
    try:
        gc.collect()
        tracemalloc.start()
        client = SyntheticProcare(staff)
        out = asyncio.run(_run(client))
        held, _ = tracemalloc.get_traced_memory()
        del out
        gc.collect()
        after, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    finally:
        PeriodScan.days, payroll_agent._report = days, report  # type: ignore[method-assign]
    peak = max(p for _c, p in marks.values())
    return Memory(
        peak=peak / MiB,
        report=(held - after) / MiB,
        employees=(marks["employees"][1] - marks["employees"][0]) / MiB,
        days=(marks["days"][1] - marks["employees"][0]) / MiB,
        render=(marks["render"][1] - marks["before_report"][0]) / MiB,
        server=client.index_bytes / MiB,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-memory", action="store_true", help="skip the (slower) tracemalloc run")
    parser.add_argument(
        "--clean", action="store_true", help="no generated anomalies (an almost empty report)"
    )
    add_arguments(parser, short_help="1,000 staff only")
    args = parser.parse_args()
    if args.short:
        args.staff = [1000]
    ANOMALIES["on"] = not args.clean
    logging.getLogger(payroll.__name__).addHandler(STATS)
    logging.getLogger(payroll.__name__).setLevel(logging.INFO)
    print(f"pay period {PERIOD_START}..{PERIOD_END} (14 days, weekdays worked), California rules")
    print(
        f"{'staff':>6} {'punches':>8} {'findings':>8} {'agent p/s':>9} {'parse p/s':>9} {'ratio':>6} "
        f"{'cpu p/s':>9} {'cpu parse':>9} {'ratio':>6} {'peak':>6} {'report':>6} {'employees':>9} "
        f"{'days':>5} {'render':>6} {'server':>6} "
        f"{'open staff':>10} {'rooms':>5} {'resorted':>8}"
    )
    figures = []
    for staff in args.staff:
        seconds, cpu_seconds, server_seconds, punches, findings = asyncio.run(_agent(staff))
        base_seconds, base_cpu_seconds, base_punches = _baseline(staff)
        assert base_punches == punches, (base_punches, punches)
        agent_rate, base_rate = punches / seconds, punches / base_seconds
        agent_cpu_rate, base_cpu_rate = punches / cpu_seconds, punches / base_cpu_seconds
        nan = float("nan")
        mem = Memory(nan, nan, nan, nan, nan, nan) if args.no_memory else _memory(staff)
        open_staff, rooms, resorted = STATS.last
        print(
            f"{staff:>6} {punches:>8} {findings:>8} {agent_rate:>9.0f} {base_rate:>9.0f} "
            f"{base_rate / agent_rate:>5.1f}x {agent_cpu_rate:>9.0f} {base_cpu_rate:>9.0f} "
            f"{base_cpu_rate / agent_cpu_rate:>5.1f}x {mem.peak:>6.1f} {mem.report:>6.1f} "
            f"{mem.employees:>9.2f} {mem.days:>5.2f} {mem.render:>6.1f} {mem.server:>6.2f} "
            f"{open_staff:>10} {rooms:>5} {resorted:>8}"
        )
        figures.append(
            Figure(
                "payroll",
                f"payroll validation punches/s, CPU time ({staff:,} staff, 14 days)",
                agent_cpu_rate,
                "punches/s",
                "parse only, CPU time",
                base_cpu_rate,
                ">= 0.1x (within 10x)",
                agent_cpu_rate * 10 >= base_cpu_rate,
            )
        )
        figures.append(  # wall clock: shown, but not judged (its two halves run minutes apart, see below)
            Figure(
                "payroll",
                f"payroll validation punches/s, wall clock ({staff:,} staff, 14 days)",
                agent_rate,
                "punches/s",
                "parse only, wall clock",
                base_rate,
            )
        )
    write(args.results, figures)
    print("ratio = baseline (parse only) punches/s over agent punches/s: how many times slower validation is")
    print(
        "cpu = the same in this process's CPU time: on a shared machine the wall-clock pair is taken "
        "minutes apart under whatever else runs,\nso its ratio moves with the load (7x to 56x for the same "
        "code); the CPU pair, which the goal is judged on, does not count waiting for a CPU"
    )
    print(
        "agent time includes parsing its JSON pages and the center-day pass (it reads every punch twice), "
        f"not the synthetic server's generating them ({server_seconds:.2f} s in the last run, timed apart)"
    )
    print(
        "memory in MiB (tracemalloc): peak = whole run; report = held by the output at the end (findings, "
        "proposals, audit reads,\nreport text); employees = per-employee pass peak less the findings held at "
        "its end; days = cross-staff pass peak less\nwhat was held when it began; render = report rendering "
        "peak less what was held before it; server = the synthetic\nserver's sort index for one center-day. "
        "open staff / rooms = most staff clocked in / rooms' attendance held at one\nmoment of the "
        "cross-staff pass; resorted = days re-read because the stream was out of time order"
    )


if __name__ == "__main__":
    main()
