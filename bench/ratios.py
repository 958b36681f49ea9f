"""Benchmark: attendance events of a 200-center day through the ratio agent, next to parsing them only.

Why: "one attendance event updates the room and answers compliance without re-reading the whole
center" (issue 6). This replays a generated day (every child check-in and check-out of every room of
every center, in time order, as webhook JSON bodies) through `agents.ratios.run`, the same entry point
the graph calls, and reports events per second and per-event latency. The Procare client is an
in-process, in-memory stand-in serving the sandbox generator's data (no HTTP: the figure is the agent's
own cost, room model + policies + its per-event reads of the stand-in, not the
network's). Each event runs the whole agent: parse,
apply to the live room, `check_room` now, project the rest of the room's day, and on a new shortfall the
coverage search (employees, credentials, weekly shifts). The baseline does only what every consumer must:
`json.loads` and pydantic `Event` validation of the same bodies.

    .venv/bin/python bench/ratios.py                 # 200 centers
    .venv/bin/python bench/ratios.py --centers 20
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import json
import os
import statistics
import sys
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from pydantic import BaseModel

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from agents import ratios  # noqa: E402
from agents.common.ledger import AlertLedger, MemoryLedger  # noqa: E402
from agents.common.llm import OfflineDrafter  # noqa: E402
from agents.common.types import AgentContext, Event  # noqa: E402
from agents.common.workweek import DEFAULT_WORKWEEK_START, workweek  # noqa: E402
from bench.figures import Figure, add_arguments, write  # noqa: E402
from sandbox.center_data import local_iso  # noqa: E402
from sandbox.generator import SandboxData  # noqa: E402
from sandbox.schedule import build_day  # noqa: E402
from tests.clock import during  # noqa: E402
from tools.models import (  # noqa: E402
    ChildAttendance,
    Classroom,
    Credential,
    Employee,
    School,
    Shift,
    StaffMoveRecord,
)
from tools.pagination import item_adapter, iterate_pages  # noqa: E402

TODAY = date(2026, 11, 3)
DAY = date(2026, 11, 2)  # a finished Monday: every check-in and check-out has happened
R = TypeVar("R")
M = TypeVar("M", bound=BaseModel)


class MemoryProcare:
    """The read side of ProcareClient over the generator's data, parsed as the client parses.

    Each answer is the JSON the sandbox would send, in pages of the client's size, built once (that is
    Procare's work, done in `warm` for every answer the bench asks for); each call parses its pages
    through the client's own path (`tools.pagination.iterate_pages`, pydantic-core on the bytes), so a
    timed event pays what the client pays for a read, minus the network. It counts calls by method so
    the run can show how rarely a room is re-read.
    """

    PAGE_SIZE = 100  # ProcareClient's default page size

    def __init__(self, data: SandboxData, day: date) -> None:
        self.data, self.day = data, day
        self.calls: Counter[str] = Counter()
        self._days: dict[tuple[str, date], Any] = {}
        self._answers: dict[tuple[Any, ...], list[bytes]] = {}

    def warm(self) -> None:
        """Generate every center's days of the bench's week and build every answer the agent asks for up
        front: the generator and the serialising are the stand-in's cost (a real Procare has the data and
        sends bytes), so none of it may land inside a timed event."""
        first = self.day - timedelta(days=self.day.weekday() + 1)
        start, end = workweek(self.day, DEFAULT_WORKWEEK_START)
        for index in range(self.data.centers):
            center = self.data.center(index)
            sid = center.school["school_id"]
            for offset in range(9):
                self._built(sid, first + timedelta(days=offset))
            self._school(sid)
            self._classrooms(sid)
            for classroom in center.classrooms:
                self._attendance(classroom["classroom_id"], self.day)
            self._shifts(sid, None, self.day, self.day)
            self._shifts(sid, None, start, end)
            self._employees(sid, "active")
            self._credentials(sid, None)

    def _center(self, school_id: str) -> Any:
        index = self.data.index_of(school_id)
        assert index is not None, school_id
        return self.data.center(index)

    def _built(self, school_id: str, day: date | None = None) -> Any:
        key = (school_id, day or self.day)
        if key not in self._days:
            center = self._center(school_id)
            self._days[key] = build_day(self.data.seed, center, key[1], self.data.today)
        return self._days[key]

    def _pages_for(self, key: tuple[Any, ...], rows: Callable[[], list[dict[str, Any]]]) -> list[bytes]:
        """The answer's pages as the sandbox would send them (built on first use, kept)."""
        if key not in self._answers:
            items = rows()
            size = self.PAGE_SIZE
            chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
            self._answers[key] = [
                json.dumps(
                    {"data": chunk, "next_cursor": str(n + 1) if n + 1 < len(chunks) else None},
                    default=str,
                ).encode()
                for n, chunk in enumerate(chunks)
            ]
        return self._answers[key]

    def _listing(self, model: type[M], pages: list[bytes]) -> AsyncIterator[M]:
        async def fetch(cursor: str | None) -> bytes:
            return pages[int(cursor or 0)]

        return iterate_pages(fetch, model)

    def _school(self, school_id: str) -> bytes:
        key = ("school", school_id)
        if key not in self._answers:
            self._answers[key] = [json.dumps(self._center(school_id).school, default=str).encode()]
        return self._answers[key][0]

    def _classrooms(self, sid: str) -> list[bytes]:
        return self._pages_for(("classrooms", sid), lambda: self._center(sid).classrooms)

    def _attendance(self, classroom_id: str, day: date) -> list[bytes]:
        school_id = classroom_id.split("-R")[0]
        return self._pages_for(
            ("attendance", classroom_id, day),
            lambda: self._built(school_id, day).attendance.get(classroom_id, []),
        )

    def _shifts(self, sid: str, employee_id: str | None, first: date, last: date) -> list[bytes]:
        def rows() -> list[dict[str, Any]]:
            out: list[dict[str, Any]] = []
            day = first
            while day <= last:
                out += self._built(sid, day).shifts
                day += timedelta(days=1)
            return [r for r in out if employee_id in (None, r["employee_id"])]

        return self._pages_for(("shifts", sid, employee_id, first, last), rows)

    def _employees(self, sid: str, status: str | None) -> list[bytes]:
        rows = self._center(sid).employees
        return self._pages_for(
            ("employees", sid, status),
            lambda: [e for e in rows if status in (None, e["employment_status"])],
        )

    def _credentials(self, sid: str, employee_id: str | None) -> list[bytes]:
        return self._pages_for(
            ("credentials", sid, employee_id),
            lambda: [
                c for c in self._center(sid).kind("credentials") if employee_id in (None, c["employee_id"])
            ],
        )

    async def get_school(self, school_id: str) -> School:
        self.calls["get_school"] += 1
        return item_adapter(School).validate_json(self._school(school_id))  # type: ignore[no-any-return]

    def iter_classrooms(self, *, school_id: str | None = None) -> AsyncIterator[Classroom]:
        self.calls["iter_classrooms"] += 1
        assert school_id is not None
        return self._listing(Classroom, self._classrooms(school_id))

    def iter_attendance(self, classroom_id: str, day: date) -> AsyncIterator[ChildAttendance]:
        self.calls["iter_attendance"] += 1
        return self._listing(ChildAttendance, self._attendance(classroom_id, day))

    def iter_shifts(
        self,
        *,
        school_id: str | None = None,
        employee_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> AsyncIterator[Shift]:
        self.calls["iter_shifts"] += 1
        sid = school_id or (employee_id or "").split("-E")[0]
        return self._listing(Shift, self._shifts(sid, employee_id, start or self.day, end or self.day))

    async def list_staff_moves(self, *, school_id: str | None = None) -> list[StaffMoveRecord]:
        self.calls["list_staff_moves"] += 1
        return []

    def iter_employees(
        self, *, school_id: str | None = None, status: str | None = None
    ) -> AsyncIterator[Employee]:
        self.calls["iter_employees"] += 1
        assert school_id is not None
        return self._listing(Employee, self._employees(school_id, status))

    def iter_credentials(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Credential]:
        self.calls["iter_credentials"] += 1
        sid = school_id or (employee_id or "").split("-E")[0]
        return self._listing(Credential, self._credentials(sid, employee_id))


def day_of_attendance_events(data: SandboxData, day: date) -> list[bytes]:
    """Every child check-in and check-out of the day in every center, as webhook bodies in time order."""
    timed: list[tuple[str, bytes]] = []
    for index in range(data.centers):
        center = data.center(index)
        built = build_day(data.seed, center, day, data.today)
        sid = center.school["school_id"]
        for room_id, rows in built.attendance.items():
            for row in rows:
                for action, minute in (
                    ("check_in", row["check_in_minutes"]),
                    ("check_out", row["check_out_minutes"]),
                ):
                    if minute is None:
                        continue
                    minute = min(minute, 1439)
                    stamp = local_iso(day, minute, center.zone)
                    body = {
                        "id": f"evt-{sid}-{row['child_id']}-{action}",
                        "type": "attendance.changed",
                        "occurred_at": stamp,
                        "center_id": sid,
                        "data": {
                            "classroom_id": room_id,
                            "child_id": row["child_id"],
                            "action": action,
                            "minute": minute,
                            "date": day.isoformat(),
                            "age_months": row["age_months"],
                        },
                    }
                    timed.append((stamp, json.dumps(body, separators=(",", ":")).encode()))
    timed.sort(key=lambda pair: pair[0])
    return [body for _stamp, body in timed]


def _quantiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[98]


def baseline(bodies: list[bytes]) -> tuple[float, list[float]]:
    """Parse only: json -> pydantic Event."""
    latencies = []
    started = time.perf_counter()
    for body in bodies:
        t0 = time.perf_counter()
        Event.model_validate(json.loads(body))
        latencies.append(time.perf_counter() - t0)
    return time.perf_counter() - started, latencies


@dataclass
class AgentRun:
    """What one pass of the day through the agent measured."""

    total: float
    latencies: list[float] = field(default_factory=list)
    """Wall time of each attendance event's run (the live lane's work)."""
    cpu: list[float] = field(default_factory=list)
    """The thread's CPU time of each attendance event's run."""
    follow_cpu: list[float] = field(default_factory=list)
    """CPU time of each follow-up run (`ratios.coverage_due`, the batch lane's work)."""
    kinds: Counter[str] = field(default_factory=Counter)
    proposals: list[str] = field(default_factory=list)
    """Every proposal made (live run or follow-up), as `id action args`: the same day must give the same."""

    def tally(self, out: Any) -> None:
        self.kinds.update(f.kind + (" (alerted)" if f.alert else "") for f in out.findings)
        self.kinds["proposals"] += len(out.proposals)
        self.kinds["audit records"] += len(out.reads)
        self.proposals += [f"{p.id} {p.action} {json.dumps(p.args, sort_keys=True)}" for p in out.proposals]

    def digest(self) -> str:
        return hashlib.sha256("\n".join(sorted(self.proposals)).encode()).hexdigest()[:16]


async def agent(bodies: list[bytes], client: MemoryProcare, ledger: AlertLedger) -> AgentRun:
    """Parse, then the ratio agent on each event, one after the other (as one worker would): per event,
    the wall time and the thread's CPU time (the machine is shared: wall time includes waiting for a CPU).
    The follow-up runs an event asks for (the coverage searches of newly predicted windows) run after it,
    at most one per center and day, as a free batch slot takes them; they are timed on their own."""
    ctx = AgentContext(
        client=client,  # type: ignore[arg-type]
        drafter=OfflineDrafter(),
        as_of=during(TODAY),
        phase="assistive",
        ledger=ledger,
    )
    run = AgentRun(0.0)
    started = time.perf_counter()
    for body in bodies:
        t0, c0 = time.perf_counter(), time.thread_time()
        event = Event.model_validate(json.loads(body))
        out = await ratios.run(event, ctx)
        run.cpu.append(time.thread_time() - c0)
        run.latencies.append(time.perf_counter() - t0)
        run.tally(out)
        waiting = {(f.center_id, f.data.get("coalesce")): f for f in reversed(out.follow_ups)}
        for follow_up in waiting.values():
            c0 = time.thread_time()
            done = await ratios.run(follow_up, ctx)
            run.follow_cpu.append(time.thread_time() - c0)
            run.tally(done)
    run.total = time.perf_counter() - started
    return run


class CountingLedger:
    """Forwards to a ledger and counts its calls (each one a round trip on Postgres)."""

    def __init__(self, inner: AlertLedger) -> None:
        self.inner = inner
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        method = getattr(self.inner, name)

        async def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            if name == "claim":
                self.calls["windows asked"] += len(kwargs["alerts"]) + len(kwargs["deferred"])
            return await method(*args, **kwargs)

        return counted


async def select_one(pool: Any, times: int) -> list[float]:
    """Latency of a pooled `SELECT 1`: the floor of one ledger round trip on this machine, now."""
    out = []
    for _ in range(times):
        t0 = time.perf_counter()
        async with pool.connection() as conn:
            await conn.execute("SELECT 1")
        out.append(time.perf_counter() - t0)
    return out


async def with_postgres_ledger(url: str, work: Callable[[AlertLedger, Any], Awaitable[R]]) -> R:
    """Run `work` with the service's ledger (checkpoints.ratio_ledger) on a scratch database."""
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from checkpoints.db import open_pool
    from checkpoints.migrate import apply_migrations
    from checkpoints.ratio_ledger import RatioLedger

    name = f"pcai_bench_ratios_{uuid.uuid4().hex[:8]}"
    db = make_conninfo("", **{**conninfo_to_dict(url), "dbname": name})
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        await conn.execute(f"CREATE DATABASE {name}")
    try:
        pool = await open_pool(db, max_size=2)
        try:
            await apply_migrations(pool)
            return await work(RatioLedger(pool), pool)
        finally:
            await pool.close()
    finally:
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            await conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--centers", type=int, default=200)
    parser.add_argument("--staff-per-center", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--ledger",
        choices=("memory", "postgres", "both"),
        default="memory",
        help="the cross-run ledger: in memory, the service's on Postgres (a scratch database), or both",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PROCARE_AI_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres",
        help="a Postgres server for --ledger postgres",
    )
    add_arguments(parser, short_help="10 centers, both ledgers")
    parser.add_argument(
        "--gc",
        choices=("default", "worker"),
        default="worker",
        help="the collector as CPython starts it, or as `procare-ai worker` tunes it (procare_ai.gc_tuning)",
    )
    args = parser.parse_args()
    if args.short:
        args.centers, args.ledger = 10, "both"

    data = SandboxData(
        seed=args.seed,
        centers=args.centers,
        staff_per_center=args.staff_per_center,
        today=TODAY,
        cache_size=args.centers + 8,
    )
    bodies = day_of_attendance_events(data, DAY)
    rooms = sum(len(data.center(i).classrooms) for i in range(args.centers))
    print(f"{args.centers} centers, {rooms} rooms, {len(bodies)} attendance events on {DAY}")

    base_total, base_lat = baseline(bodies)
    b50, b99 = _quantiles(base_lat)
    n = len(bodies)
    print(f"{'':34}{'events/s':>12}{'p50 (ms)':>12}{'p99 (ms)':>12}{'total (s)':>12}")
    print(f"{'baseline: parse only':34}{n / base_total:>12,.0f}{b50 * 1e3:>12.3f}{b99 * 1e3:>12.3f}")
    figures: list[Figure] = []
    if args.gc == "worker":
        from procare_ai.gc_tuning import tune_for_worker

        print(f"gc: as `procare-ai worker` tunes it (frozen after start-up, thresholds {tune_for_worker()})")
    else:
        print(f"gc: CPython's default thresholds {gc.get_threshold()}")
    for kind in ("memory", "postgres") if args.ledger == "both" else (args.ledger,):
        client = MemoryProcare(data, DAY)
        client.warm()
        counted = CountingLedger(MemoryLedger())
        round_trip: list[float] = []
        if kind == "memory":
            run = agent(bodies, client, counted)
        else:

            async def on_postgres(
                ledger: AlertLedger,
                pool: Any,
                counted: CountingLedger = counted,
                client: MemoryProcare = client,
                round_trip: list[float] = round_trip,
            ) -> Any:
                round_trip.extend(await select_one(pool, 200))
                counted.inner = ledger
                return await agent(bodies, client, counted)

            run = with_postgres_ledger(args.database_url, on_postgres)
        measured = asyncio.run(run)
        total, lat, cpu, kinds = measured.total, measured.latencies, measured.cpu, measured.kinds
        a50, a99 = _quantiles(lat)
        c50, c99 = _quantiles(cpu)
        for label, rate, p50, p99 in (("wall", n / total, a50, a99), ("CPU", n / sum(cpu), c50, c99)):
            name = f"ratio agent, {kind} ledger ({label})"
            print(f"{name:34}{rate:>12,.0f}{p50 * 1e3:>12.3f}{p99 * 1e3:>12.3f}")
        reads = sum(client.calls.values())
        print(f"  Procare reads: {reads / n:.2f} per event", dict(sorted(client.calls.items())))
        asked = counted.calls.pop("windows asked")
        calls = sum(counted.calls.values())
        print(f"  ledger calls: {calls / n:.2f} per event", dict(sorted(counted.calls.items())))
        print(f"  claims answered by them: {asked / n:.2f} per event (each a call of its own before)")
        print(f"  audit records kept per event: {kinds.pop('audit records') / n:.1f}")
        print("  findings:", dict(sorted(kinds.items())))
        if measured.follow_cpu:
            f50, f99 = _quantiles(measured.follow_cpu)
            print(
                f"  follow-up runs (batch lane): {len(measured.follow_cpu)}, CPU p50 {f50 * 1e3:.3f} ms, "
                f"p99 {f99 * 1e3:.3f} ms, {sum(measured.follow_cpu):.2f} s in all"
            )
        print(f"  proposals: {len(measured.proposals)}, digest {measured.digest()}")
        figures.append(
            Figure(
                "ratios",
                f"ratio agent p99 CPU time per attendance event ({kind} ledger)",
                c99 * 1e3,
                "ms",
                "parse only p99",
                b99 * 1e3,
                "p99 < 1 ms",
                c99 < 1e-3,
            )
        )
        if round_trip:
            r50, r99 = _quantiles(round_trip)
            print(f"  baseline: pooled SELECT 1 round trip p50 {r50 * 1e3:.2f} ms, p99 {r99 * 1e3:.2f} ms")
            figures.append(
                Figure(
                    "ratios",
                    "ratio agent p50 wall time per event (Postgres ledger)",
                    a50 * 1e3,
                    "ms",
                    "pooled SELECT 1 round trip p50",
                    r50 * 1e3,
                )
            )
        else:
            figures.append(
                Figure(
                    "ratios",
                    f"ratio agent p99 wall time per event ({kind} ledger)",
                    a99 * 1e3,
                    "ms",
                    "parse only p99",
                    b99 * 1e3,
                    "p99 < 1 ms",
                    a99 < 1e-3,
                )
            )
    print("CPU = the thread's CPU time; wall includes waiting for a CPU and for Postgres (a shared machine)")
    write(args.results, figures)


if __name__ == "__main__":
    main()
