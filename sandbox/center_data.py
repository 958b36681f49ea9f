"""One generated center as JSON-ready dicts, and the small helpers every generator stage shares.

A center's school, rooms, children and staff are built at once (sandbox/generator.py); the other kinds are
lazy stages (`STAGES`), each filled on first use from an RNG derived from (seed, stage, center) only, so
streaming employees never pays for credentials, documents or reviews, and the order of reads never changes
what is generated.
"""

from __future__ import annotations

import calendar
import hashlib
import random
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sandbox import packets, staffing

if TYPE_CHECKING:
    from sandbox.generator import SandboxData

Record = dict[str, Any]


def derive_rng(seed: int, *parts: object) -> random.Random:
    """An RNG that depends only on the seed and the named parts (stable across runs and processes)."""
    digest = hashlib.blake2b(repr((seed, *parts)).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def add_years(d: date, years: int) -> date:
    """Same day `years` later (Feb 29 falls back to Feb 28)."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return d.replace(year=d.year + years, day=28)


def credential_expiry(kind: str, issued: date) -> date:
    """Issuer validity: AHA cards run two years through the end of the month; Red Cross two years;
    background checks five years (45 CFR 98.43); state training-hours certificates one year."""
    if kind.endswith("_aha"):
        two = add_years(issued, 2)
        return two.replace(day=calendar.monthrange(two.year, two.month)[1])
    if kind.endswith("_red_cross"):
        return add_years(issued, 2)
    if kind == "background_check":
        return add_years(issued, 5)
    return add_years(issued, 1)


def local_iso(d: date, minutes: int, zone: ZoneInfo) -> str:
    """RFC 3339 local time with the zone's UTC offset on that day (minutes may pass midnight)."""
    return (datetime.combine(d, time()) + timedelta(minutes=minutes)).replace(tzinfo=zone).isoformat()


@dataclass(frozen=True)
class Identity:
    """The person behind one or more employee records (Procare's Person ID is shared across locations)."""

    person_id: str
    first_name: str
    last_name: str
    email: str
    phone: str
    birth_date: date
    ssn: str
    home_address: Record


@dataclass
class StaffPlan:
    """How a staff member is scheduled: internal to the generator, used by the daily schedule."""

    employee_id: str
    position: str
    classroom_id: str | None
    start_minutes: int
    length_minutes: int
    hire_date: date
    active: bool


# Lazily built stages of a center, each from an RNG of its own, and the kinds each one fills.
STAGES: dict[str, tuple[str, ...]] = {
    "paperwork": ("credentials", "documents"),
    "training": ("training_records",),
    "reviews": ("performance_reviews",),
    "incidents": ("incidents",),
    "hr": ("leaves", "observations"),
}
STAGE_OF = {kind: stage for stage, kinds in STAGES.items() for kind in kinds}
ID_FIELDS = {
    "classrooms": "classroom_id",
    "employees": "employee_id",
    "credentials": "credential_id",
    "training_records": "training_id",
    "performance_reviews": "review_id",
    "incidents": "incident_id",
    "documents": "document_id",
    "leaves": "leave_id",
    "observations": "observation_id",
}


@dataclass
class CenterData:
    """One center as JSON-ready dicts. School, rooms, children and staff are built at once; credentials,
    documents, training, reviews and incidents on first use (streaming employees never pays for them)."""

    index: int
    school: Record
    zone: ZoneInfo
    owner: SandboxData
    classrooms: list[Record] = field(default_factory=list)
    employees: list[Record] = field(default_factory=list)
    children: dict[str, list[tuple[str, int, int, int]]] = field(default_factory=dict)
    staff_plan: list[StaffPlan] = field(default_factory=list)
    needs: dict[str, staffing.RoomNeed] = field(default_factory=dict)
    """Each room's staff need through the day with every expected child in (what staffing was sized to)."""
    rows_of: dict[str, list[Record]] = field(default_factory=dict)
    text_of_document: dict[str, list[str]] = field(default_factory=dict)
    packet_of_document: dict[str, packets.PacketDocument] = field(default_factory=dict)
    """New hires' onboarding packet files (I-9, W-4, background check, CPR card), rendered on request."""
    _by_id: dict[str, dict[str, Record]] = field(default_factory=dict)
    _built: set[str] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def kind(self, kind: str) -> list[Record]:
        """The generated records of one kind (building its stage first if needed)."""
        if kind in ("classrooms", "employees"):
            return self.classrooms if kind == "classrooms" else self.employees
        stage = STAGE_OF[kind]
        if stage not in self._built:
            with self._lock:
                if stage not in self._built:
                    self.owner.build_stage(self, stage)
                    self._built.add(stage)
        return self.rows_of[kind]

    def lookup(self, kind: str, record_id: str) -> Record | None:
        """One generated record by id (an index per kind, built on first use)."""
        index = self._by_id.get(kind)
        if index is None:
            index = {row[ID_FIELDS[kind]]: row for row in self.kind(kind)}
            self._by_id[kind] = index
        return index.get(record_id)

    @property
    def credentials(self) -> list[Record]:
        return self.kind("credentials")

    @property
    def documents(self) -> list[Record]:
        return self.kind("documents")

    @property
    def document_text(self) -> dict[str, list[str]]:
        self.kind("documents")
        return self.text_of_document

    @property
    def training_records(self) -> list[Record]:
        return self.kind("training_records")

    @property
    def performance_reviews(self) -> list[Record]:
        return self.kind("performance_reviews")

    @property
    def incidents(self) -> list[Record]:
        return self.kind("incidents")
