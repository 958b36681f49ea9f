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

import random
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from policies.ratios import CenterRatioPolicy
from sandbox import catalog, history, hr_records, paperwork, pools, staffing
from sandbox.center_data import STAGES, CenterData, Identity, Record, StaffPlan, derive_rng

POSITIONS_WITHOUT_ROOM = ("Director", "Assistant Director", "Cook")
STAFF_PER_ROOM = 3
"""Caregivers per room (openers, closers and the peak of a 11-13 hour day), for choosing how many rooms."""


def school_id_for(index: int) -> str:
    return f"S{index + 1:04d}"


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
        self._catalog: list[Record] | None = None

    def catalog(self) -> list[Record]:
        """The training catalog (sandbox/catalog.py), built on first use (it depends on seed and today)."""
        if self._catalog is None:
            self._catalog = catalog.build_catalog(self.seed, self.today)
        return self._catalog

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
        # Its own RNG: placing the center never shifts any other drawn value.
        geo = derive_rng(self.seed, "school-geo", index)
        lat, lon = pools.CITY_COORDINATES[city]
        record["latitude"] = round(lat + geo.uniform(-0.08, 0.08), 5)
        record["longitude"] = round(lon + geo.uniform(-0.08, 0.08), 5)
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
            paperwork.build(center, rng, seed=self.seed, today=self.today)
        elif stage == "training":
            history.training(center, rng, self.today)
        elif stage == "reviews":
            history.reviews(center, rng, self.today)
        elif stage == "hr":
            hr_records.build(center, rng, self.today)
        else:
            history.incidents(center, rng, self.today)

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
