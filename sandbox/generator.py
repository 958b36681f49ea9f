"""Deterministic, lazy generator of realistic Procare data: schools, rooms, staff, credentials and more.

Why lazy: the client benchmark streams a 5,000-center sandbox, so nothing is built up front. Each center is
built on demand from its own `random.Random` derived from (seed, part, center index) and kept in a small LRU
cache; one person's identity has its own derived RNG too, so a staff member shared by two locations needs
no chain of earlier centers. Records are plain JSON-ready dicts (dates as ISO strings) shaped exactly like
tools/models.py, so the API serialises them without a pydantic round trip.

Rooms and staff are sized like a real center's: every room in ratio all day with everyone on shift, sized
with `policies.ratios` (sandbox/staffing.py); the daily schedule (sandbox/schedule.py) adds the breaks,
call-outs and early leaves that leave a room short now and then.
"""

from __future__ import annotations

import calendar
import hashlib
import random
import threading
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from policies.ratios import CenterRatioPolicy
from sandbox import hr_records, packets, pools, staffing

Record = dict[str, Any]

POSITIONS_WITHOUT_ROOM = ("Director", "Assistant Director", "Cook")
BACKGROUND_ISSUERS = {
    "CA": "California DOJ Live Scan and FBI",
    "TX": "Texas HHSC Background Check Unit",
    "NY": "NYS OCFS Criminal History Review Unit",
    "FL": "Florida Care Provider Background Screening Clearinghouse",
    "IL": "Illinois DCFS CANTS and FBI fingerprint",
}


PACKET_DAYS = 45
"""Hires of the last 45 days have their onboarding packet on file."""
PACKET_SUFFIX = {"i9": "I9", "w4": "W4", "background_check": "BGC", "credential_card": "CPR"}

STAFF_PER_ROOM = 3
"""Caregivers per room (openers, closers and the peak of a 11-13 hour day), for choosing how many rooms."""


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


def school_id_for(index: int) -> str:
    return f"S{index + 1:04d}"


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


class SandboxData:
    """The generated (read-only) side of the sandbox; `SandboxState` overlays writes on top of it."""

    def __init__(
        self, *, seed: int, centers: int, staff_per_center: int, today: date, cache_size: int = 128
    ) -> None:
        self.seed = seed
        self.centers = centers
        self.staff_per_center = staff_per_center
        self.today = today
        self.school_ids: list[str] = [school_id_for(i) for i in range(centers)]
        self._index = {sid: i for i, sid in enumerate(self.school_ids)}
        self.center = lru_cache(maxsize=cache_size)(self._build_center)
        self.school = lru_cache(maxsize=max(cache_size, 1024))(self._build_school)

    def index_of(self, school_id: str) -> int | None:
        return self._index.get(school_id)

    def center_for(self, school_id: str) -> CenterData | None:
        index = self._index.get(school_id)
        return None if index is None else self.center(index)

    # ---- schools and people -------------------------------------------------------------------------
    def _build_school(self, index: int) -> tuple[Record, ZoneInfo]:
        rng = derive_rng(self.seed, "school", index)
        state = pools.STATES[index % len(pools.STATES)]
        city, _prefix, tz = rng.choice(pools.CITIES[state])
        record: Record = {
            "school_id": school_id_for(index),
            "school_code": f"{state}-{index + 1:04d}",
            "name": f"{rng.choice(pools.BRANDS)} - {city}",
            "state": state,
            "timezone": tz,
            "open_minutes": rng.choice((360, 390, 390, 420)),
            "close_minutes": rng.choice((1080, 1110, 1110, 1140)),
        }
        return record, ZoneInfo(tz)

    def identity(self, index: int, slot: int) -> Identity:
        """The person in `slot` of center `index`, from an RNG of its own."""
        rng = derive_rng(self.seed, "person", index, slot)
        state = pools.STATES[index % len(pools.STATES)]
        first, last = rng.choice(pools.FIRST_NAMES), rng.choice(pools.LAST_NAMES)
        city, prefix, _tz = rng.choice(pools.CITIES[state])
        birth = self.today - timedelta(days=rng.randint(19 * 365, 62 * 365))
        return Identity(
            person_id=f"P{index * 1000 + slot + 1:08d}",
            first_name=first,
            last_name=last,
            email=f"{first.lower()}.{last.lower()}{rng.randint(1, 99)}@example.org",
            phone=f"({rng.randint(201, 989)}) 555-01{rng.randint(0, 99):02d}",
            birth_date=birth,
            ssn=f"9{rng.randint(0, 99):02d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}",
            home_address={
                "line1": f"{rng.randint(100, 9899)} {rng.choice(pools.STREETS)}",
                "city": city,
                "state": state,
                "postal_code": f"{prefix}{rng.randint(0, 99):02d}",
            },
        )

    # ---- one center -----------------------------------------------------------------------------------
    def _build_center(self, index: int) -> CenterData:
        rng = derive_rng(self.seed, "center", index)
        school, zone = self.school(index)
        center = CenterData(index=index, school=school, zone=zone, owner=self)
        n = self.staff_per_center
        head = ["Director", "Cook"] + (["Assistant Director"] if n >= 12 else [])
        shared = index > 0 and n >= 6 and rng.random() < 0.3
        tenure = [self._tenure(rng, slot, head[slot] if slot < len(head) else None) for slot in range(n)]
        roles = self._staff_rooms(center, rng, head, tenure, shared_slot=n - 1 if shared else None)
        for slot, (position, classroom_id, start, length) in enumerate(roles):
            is_shared = shared and slot == n - 1
            who = self.identity(index - 1, n - 1) if is_shared else self.identity(index, slot)
            hire, status = tenure[slot]
            self._employee(center, rng, slot, who, position, classroom_id, hire, status, start, length)
        return center

    def build_stage(self, center: CenterData, stage: str) -> None:
        """Fill one lazy stage of a center; its RNG depends only on (seed, stage, center), never on order."""
        rng = derive_rng(self.seed, stage, center.index)
        for kind in STAGES[stage]:
            center.rows_of[kind] = []
        if stage == "paperwork":
            for emp in center.employees:
                self._credentials(center, rng, emp)
            self._documents(center, rng)
            self._packets(center)
        elif stage == "training":
            for emp in center.employees:
                self._training(center, rng, emp)
        elif stage == "reviews":
            for emp in center.employees:
                self._reviews(center, rng, emp)
        elif stage == "hr":
            hr_records.build(center, rng, self.today)
        else:
            self._incidents(center, rng)

    def _tenure(self, rng: random.Random, slot: int, position: str | None) -> tuple[date, str]:
        """Hire date and employment status of one slot (drawn before roles: who can be scheduled decides
        how many rooms the center runs)."""
        today, n = self.today, self.staff_per_center
        if slot == n - 2 and n >= 6:
            hire = today - timedelta(days=rng.randint(5, 45))  # every center has a new hire to onboard
        elif position == "Director":
            hire = today - timedelta(days=rng.randint(2 * 365, 12 * 365))
        elif rng.random() < 0.08:
            hire = today - timedelta(days=rng.randint(1, 90))
        else:
            hire = today - timedelta(days=rng.randint(120, 8 * 365))
        status = "active"
        roll = rng.random()
        if position != "Director" and (today - hire).days > 90:
            status = "on_leave" if roll < 0.03 else "terminated" if roll < 0.05 else "active"
        return hire, status

    def _staff_rooms(
        self,
        center: CenterData,
        rng: random.Random,
        head: list[str],
        tenure: list[tuple[date, str]],
        *,
        shared_slot: int | None,
    ) -> list[tuple[str, str | None, int, int]]:
        """(position, home room, shift start, shift length) per slot, rooms staffed to ratio.

        The active caregivers, less a floater or two, decide how many rooms open and how many children
        each takes so that its shifts keep it in ratio all day (`_classrooms`); the most senior open the
        rooms as lead teachers, the next take the rooms' other shifts, and whoever is left helps at the
        busiest hours, which gives breaks a spare adult. Staff on leave or gone keep a nominal role and
        no shifts.
        """
        n = self.staff_per_center
        open_, close = center.school["open_minutes"], center.school["close_minutes"]
        caregivers = range(len(head), n)
        steady = sorted(
            (s for s in caregivers if tenure[s][1] == "active" and s != shared_slot),
            key=lambda s: (tenure[s][0], s),
        )
        wanted_floaters = 0 if len(caregivers) < 4 else 1 if n < 16 else 2
        own_floaters = max(0, wanted_floaters - (shared_slot is not None))
        budget = max(2, len(steady) - own_floaters)
        rooms = self._classrooms(center, rng, budget)
        full = staffing.SHIFT_MINUTES
        roles: list[tuple[str, str | None, int, int]] = [
            (p, None, 480 if p != "Cook" else 420, full) for p in head
        ]
        busiest = [cid for cid, _ in sorted(rooms, key=lambda room: -center.needs[room[0]].peak)]
        for k in range(len(caregivers)):  # on leave or gone (replaced below when scheduled): no shifts
            roles.append(("Assistant Teacher", busiest[k % len(busiest)], open_, full))
        queue = list(steady)
        openers = [(cid, starts[0]) for cid, starts in rooms]
        others = [(cid, start) for cid, starts in rooms for start in starts[1:]]
        for k, (cid, start) in enumerate([*openers, *others]):
            if not queue:
                break
            roles[queue.pop(0)] = (
                "Lead Teacher" if k < len(openers) else "Assistant Teacher",
                cid,
                start,
                full,
            )
        floater_start = min(open_ + 30 * rng.randint(1, 4), close - full)
        floaters = queue[:own_floaters] + ([shared_slot] if shared_slot is not None else [])
        for slot in floaters:
            roles[slot] = ("Floater", None, floater_start, full)
        for k, slot in enumerate(queue[own_floaters:]):  # helpers at the busiest hours (the newest hire too)
            length = staffing.PART_TIME_MINUTES if rng.random() < 0.3 else full
            middle = (open_ + close - length) // 2
            roles[slot] = ("Assistant Teacher", busiest[k % len(busiest)], middle - middle % 15, length)
        return roles

    def _classrooms(self, center: CenterData, rng: random.Random, budget: int) -> list[tuple[str, list[int]]]:
        """Rooms youngest first, about one per three caregivers of `budget`, each sized so its share of
        them keeps it in ratio all day (`staffing.size_room`); (room id, shift starts) per room."""
        state = center.school["state"]
        open_, close = center.school["open_minutes"], center.school["close_minutes"]
        groups = list(pools.AGE_GROUP_ROOMS[:6])
        if rng.random() < 0.3:
            groups[2] = pools.AGE_GROUP_ROOMS[6]  # some centers run a mixed-age room instead of twos
        n_rooms = max(1, min(len(groups), round(budget / STAFF_PER_ROOM)))
        shares = [budget // n_rooms + (r < budget % n_rooms) for r in range(n_rooms)]
        sid = center.school["school_id"]
        child_no = 0
        rooms: list[tuple[str, list[int]]] = []
        for r, ((group, name), share) in enumerate(zip(groups, shares, strict=False)):
            ratio, max_children = pools.RATIOS[state][group]
            policy = CenterRatioPolicy(children_per_staff=ratio, max_group_size=max_children)
            low, high = pools.AGE_MONTHS[group]
            drawn: list[tuple[str, int, int, int]] = []
            for _ in range(max(2, round(max_children * rng.uniform(0.7, 0.95)))):
                child_no += 1
                expected_in = open_ + 30 * rng.randint(0, 5)
                expected_out = close - 30 * rng.randint(0, 6)
                drawn.append((f"{sid}-K{child_no:04d}", rng.randint(low, high), expected_in, expected_out))
            roster, need, starts = staffing.size_room(state, drawn, open_, close, policy, share)
            cid = f"{sid}-R{r + 1:02d}"
            center.classrooms.append(
                {
                    "classroom_id": cid,
                    "school_id": sid,
                    "name": name,
                    "age_group": group,
                    "ratio": ratio,
                    "max_children": max_children,
                }
            )
            center.children[cid] = roster
            center.needs[cid] = need
            rooms.append((cid, starts))
        return rooms

    def _employee(
        self,
        center: CenterData,
        rng: random.Random,
        slot: int,
        who: Identity,
        position: str,
        classroom_id: str | None,
        hire: date,
        status: str,
        start: int,
        length: int,
    ) -> None:
        sid = center.school["school_id"]
        today = self.today
        if position == "Floater":
            classroom_ids = [c["classroom_id"] for c in center.classrooms]
        else:
            classroom_ids = [classroom_id] if classroom_id is not None else []
        low, high = pools.HOURLY_RATES[position]
        skills = rng.sample(pools.SKILLS, rng.randint(0, 4)) if rng.random() > 0.2 else []
        years = max(1, (today - hire).days // 365)
        bio = (
            ""
            if rng.random() < 0.25
            else f"{who.first_name} has {years} year{'s' if years > 1 else ''} in early childhood education "
            f"and enjoys {rng.choice(('outdoor play', 'story time', 'art projects', 'music', 'science'))}."
        )
        eid = f"{sid}-E{slot + 1:03d}"
        updated = datetime.combine(today - timedelta(days=rng.randint(0, 60)), time(15, 0), UTC)
        center.employees.append(
            {
                "employee_id": eid,
                "person_id": who.person_id,
                "school_id": sid,
                "first_name": who.first_name,
                "last_name": who.last_name,
                "email": who.email,
                "phone": who.phone,
                "position": position,
                "employment_status": status,
                "hire_date": hire.isoformat(),
                "birth_date": who.birth_date.isoformat(),
                "ssn": who.ssn,
                "home_address": dict(who.home_address),
                "classroom_ids": classroom_ids,
                "is_floater": position == "Floater",
                "pay_code": "REG",
                "hourly_rate": round(rng.uniform(low, high), 2),
                "bio": bio,
                "skills": skills,
                "custom_fields": {
                    "shirt_size": rng.choice(("S", "M", "L", "XL")),
                    "languages": "English, Spanish" if "Spanish" in skills else "English",
                },
                "updated_at": updated.isoformat(),
            }
        )
        center.staff_plan.append(
            StaffPlan(
                eid,
                position,
                None if position == "Floater" else classroom_id,
                start,
                length,
                hire,
                status == "active",
            )
        )

    def _credentials(self, center: CenterData, rng: random.Random, emp: Record) -> None:
        state = center.school["state"]
        org = "aha" if rng.random() < 0.7 else "red_cross"
        issuer = "American Heart Association" if org == "aha" else "American Red Cross"
        kinds = [(f"pediatric_cpr_{org}", issuer), (f"first_aid_{org}", issuer)]
        kinds.append(("background_check", BACKGROUND_ISSUERS[state]))
        if state == "TX":
            kinds.append(("state_training_hours", "Texas HHSC Child Care Regulation"))
        for n, (kind, who) in enumerate(kinds, start=1):
            validity = (credential_expiry(kind, self.today) - self.today).days
            roll = rng.random()
            if roll < 0.07:
                days_left = rng.randint(-200, -1)
            elif roll < 0.12:
                days_left = rng.randint(0, 30)
            elif roll < 0.17:
                days_left = rng.randint(31, 60)
            elif roll < 0.22:
                days_left = rng.randint(61, 90)
            else:
                days_left = rng.randint(91, max(92, validity - 30))
            issued = self.today + timedelta(days=days_left - validity)
            expires = credential_expiry(kind, issued)
            left = (expires - self.today).days
            status = "expired" if left < 0 else "valid"
            if (left < 0 and rng.random() < 0.3) or (0 <= left <= 30 and rng.random() < 0.25):
                status = "renewal_initiated"
            elif left > 90 and rng.random() < 0.03:
                status = "pending_review"
            updated = datetime.combine(issued + timedelta(days=2), time(17, 0), UTC)
            center.rows_of["credentials"].append(
                {
                    "credential_id": f"{emp['employee_id']}-CR{n}",
                    "employee_id": emp["employee_id"],
                    "school_id": emp["school_id"],
                    "kind": kind,
                    "issuer": who,
                    "issued_on": issued.isoformat(),
                    "expires_on": expires.isoformat(),
                    "status": status,
                    "document_id": None,
                    "updated_at": updated.isoformat(),
                }
            )

    def _training(self, center: CenterData, rng: random.Random, emp: Record) -> None:
        hired = date.fromisoformat(emp["hire_date"])
        span = max(1, min(400, (self.today - hired).days))
        for n in range(1, rng.randint(2, 7) + 1):
            category, title = rng.choice(pools.TRAINING_TOPICS)
            center.rows_of["training_records"].append(
                {
                    "training_id": f"{emp['employee_id']}-TR{n}",
                    "employee_id": emp["employee_id"],
                    "school_id": emp["school_id"],
                    "title": title,
                    "category": category,
                    "delivery": "instructor_led" if rng.random() < 0.6 else "self_study",
                    "hours": rng.choice((0.5, 1.0, 1.5, 2.0, 2.0, 3.0, 4.0, 6.0)),
                    "completed_on": (self.today - timedelta(days=rng.randint(0, span))).isoformat(),
                }
            )

    def _reviews(self, center: CenterData, rng: random.Random, emp: Record) -> None:
        if emp["employment_status"] == "terminated":
            return
        hired = date.fromisoformat(emp["hire_date"])
        director = center.employees[0]["employee_id"]
        reviewer = None if emp["employee_id"] == director else director
        years = 1
        while add_years(hired, years) < self.today - timedelta(days=90):
            years += 1
        due = add_years(hired, years)  # the first anniversary not more than 90 days past
        if due < self.today:
            status = "completed" if rng.random() < 0.45 else "overdue"
        elif (due - self.today).days <= 30 and rng.random() < 0.35:
            status = "in_progress"
        else:
            status = "scheduled"
        form = (
            {
                "overall": rng.choice(pools.REVIEW_RATINGS),
                "goals": "Complete 10 hours of curriculum training.",
            }
            if status == "completed"
            else {}
        )
        center.rows_of["performance_reviews"].append(
            {
                "review_id": f"{emp['employee_id']}-RV{due.year}",
                "employee_id": emp["employee_id"],
                "school_id": emp["school_id"],
                "due_on": due.isoformat(),
                "status": status,
                "reviewer_employee_id": reviewer,
                "form": form,
            }
        )

    def _incidents(self, center: CenterData, rng: random.Random) -> None:
        sid = center.school["school_id"]
        for n in range(1, rng.randint(1, 4) + 1):
            day = self.today - timedelta(days=rng.randint(1, 30))
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            room = rng.choice(center.classrooms)
            kind, severity, text = rng.choice(pools.INCIDENT_KINDS)
            staff = [e["employee_id"] for e in center.employees if room["classroom_id"] in e["classroom_ids"]]
            kids = [c[0] for c in center.children[room["classroom_id"]]]
            minutes = rng.randint(center.school["open_minutes"] + 60, center.school["close_minutes"] - 60)
            center.rows_of["incidents"].append(
                {
                    "incident_id": f"{sid}-I{n:03d}",
                    "school_id": sid,
                    "classroom_id": room["classroom_id"],
                    "occurred_at": local_iso(day, minutes, center.zone),
                    "kind": kind,
                    "severity": severity,
                    "description": text,
                    "staff_ids": rng.sample(staff, min(len(staff), 2)),
                    "child_ids": [] if kind == "property" else rng.sample(kids, 1),
                }
            )

    def _documents(self, center: CenterData, rng: random.Random) -> None:
        """Onboarding forms for recent hires and scanned credential cards, with the text to render."""
        name_of = {e["employee_id"]: e for e in center.employees}
        sid = center.school["school_id"]
        for slot, emp in enumerate(center.employees):
            hired = date.fromisoformat(emp["hire_date"])
            if (self.today - hired).days > 120:
                continue
            pdf = slot % 2 == 1
            doc_id = f"{emp['employee_id']}-DOC1"
            center.rows_of["documents"].append(
                {
                    "document_id": doc_id,
                    "school_id": sid,
                    "employee_id": emp["employee_id"],
                    "kind": "onboarding_form",
                    "filename": f"onboarding_{emp['last_name'].lower()}_{emp['first_name'].lower()}."
                    + ("pdf" if pdf else "png"),
                    "content_type": "application/pdf" if pdf else "image/png",
                    "uploaded_at": local_iso(hired - timedelta(days=3), 600, center.zone),
                }
            )
            center.text_of_document[doc_id] = [
                "EMPLOYEE ONBOARDING FORM",
                f"Center: {center.school['name']}",
                f"Name: {emp['first_name']} {emp['last_name']}",
                f"Position: {emp['position']}",
                f"Start date: {emp['hire_date']}",
                f"Email: {emp['email']}",
                f"Phone: {emp['phone']}",
                f"Emergency contact: {rng.choice(pools.FIRST_NAMES)} {emp['last_name']}, "
                f"(555) 010-{rng.randint(1000, 9999)}",
                f"Languages: {emp['custom_fields']['languages']}",
                "Signature: ________________________",
            ]
        for cred in center.rows_of["credentials"]:
            if cred["kind"] == "background_check" or rng.random() > 0.3:
                continue
            emp = name_of[cred["employee_id"]]
            doc_id = f"{cred['credential_id']}-DOC"
            cred["document_id"] = doc_id
            issued = date.fromisoformat(cred["issued_on"])
            center.rows_of["documents"].append(
                {
                    "document_id": doc_id,
                    "school_id": sid,
                    "employee_id": emp["employee_id"],
                    "kind": "credential_card",
                    "filename": f"{cred['kind']}_{emp['last_name'].lower()}.png",
                    "content_type": "image/png",
                    "uploaded_at": local_iso(issued + timedelta(days=2), 840, center.zone),
                }
            )
            center.text_of_document[doc_id] = [
                cred["issuer"].upper(),
                cred["kind"].replace("_aha", "").replace("_red_cross", "").replace("_", " ").title(),
                f"Name: {emp['first_name']} {emp['last_name']}",
                f"Issued: {cred['issued_on']}",
                f"Expires: {cred['expires_on']}",
            ]

    def _packets(self, center: CenterData) -> None:
        """Onboarding packets of the center's recent hires, one packet style after another across centers
        (complete, missing a W-4, crooked or faded scans, unsigned W-4, expired card, ...)."""
        rng = derive_rng(self.seed, "packets", center.index)
        school = center.school
        city = school["name"].split(" - ")[-1]
        address = f"{rng.randint(100, 9899)} {rng.choice(pools.STREETS)}, {city}, {school['state']}"
        recent = [
            e
            for e in center.employees
            if (self.today - date.fromisoformat(e["hire_date"])).days <= PACKET_DAYS
        ]
        for k, emp in enumerate(recent):
            style = packets.PACKET_STYLES[(center.index + k) % len(packets.PACKET_STYLES)]
            docs = packets.build_packet(
                rng,
                emp,
                center_name=school["name"],
                center_address=address,
                state=school["state"],
                agency=BACKGROUND_ISSUERS[school["state"]],
                today=self.today,
                style=style,
            )
            hired = date.fromisoformat(emp["hire_date"])
            for n, doc in enumerate(docs):
                doc_id = f"{emp['employee_id']}-{PACKET_SUFFIX[doc.kind]}"
                center.rows_of["documents"].append(
                    {
                        "document_id": doc_id,
                        "school_id": school["school_id"],
                        "employee_id": emp["employee_id"],
                        "kind": doc.kind,
                        "filename": f"{doc.kind}_{emp['last_name'].lower()}_{emp['first_name'].lower()}."
                        + doc.extension,
                        "content_type": doc.content_type,
                        "uploaded_at": local_iso(hired - timedelta(days=2), 540 + 7 * n, center.zone),
                    }
                )
                center.packet_of_document[doc_id] = doc
