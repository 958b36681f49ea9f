"""Contract-shaped skills profiles read from Procare: one staff member, or a whole center at once.

What counts as a record (DESIGN.md `agents.skills.rank` profile): the bio (plus the skills Procare lists on
the employee, one line each), every completed training's title, every credential (validity is judged by
`rank` at its `as_of`), the languages of the `languages` custom field, and the rooms the person works or
worked in: their current classrooms, the rooms of their shifts over the last `ROOM_HISTORY_DAYS`, and
staff moves. Free text is scrubbed of PII (agents.common.redact) before it leaves here, because the service
stores these profiles. Nothing here writes anything: the service layer stores what this returns.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from agents.common.people import display_name
from agents.common.redact import redact_text
from tools.models import Credential, Employee, Shift, StaffMoveRecord, TrainingRecord
from tools.protocols import ProcareReader

ROOM_HISTORY_DAYS = 90
"""How far back shifts count as past room assignments (a term's worth of scheduling)."""
SKILLS_LINE = "Skills listed in Procare: "
_LIST_SPLIT = re.compile(r"\s*[,;/]\s*|\s+and\s+")


def profile_of(
    employee: Employee,
    *,
    credentials: Iterable[Credential],
    trainings: Iterable[TrainingRecord],
    rooms: Iterable[str],
) -> dict[str, Any]:
    """One staff member's profile in the `rank` contract's shape (PII-free), plus `name` and `position`
    for the people reading the answer (keys `rank` ignores)."""
    bio_lines = [employee.bio.strip()] if employee.bio.strip() else []
    bio_lines += [f"{SKILLS_LINE}{skill.strip()}" for skill in employee.skills if skill.strip()]
    languages = [
        part for part in _LIST_SPLIT.split(employee.custom_fields.get("languages", "").strip()) if part
    ]
    return {
        "staff_id": employee.employee_id,
        "name": display_name(employee),
        "position": employee.position,
        "bio": redact_text("\n".join(bio_lines)),
        "trainings": sorted({redact_text(t.title) for t in trainings}),
        "credentials": [
            {
                "kind": c.kind,
                "issuer": c.issuer,
                "issued_on": c.issued_on.isoformat(),
                "expires_on": c.expires_on.isoformat() if c.expires_on else None,
            }
            for c in sorted(credentials, key=lambda c: (c.kind, c.issued_on, c.credential_id))
        ],
        "rooms": sorted(set(rooms)),
        "languages": languages,
    }


def _room_names(
    employee: Employee,
    names: dict[str, str],
    shifts: Iterable[Shift],
    moves: Iterable[StaffMoveRecord],
) -> set[str]:
    ids = set(employee.classroom_ids)
    ids |= {s.classroom_id for s in shifts if s.classroom_id}
    ids |= {m.classroom_id for m in moves}
    return {names[i] for i in ids if i in names}


async def center_profiles(client: ProcareReader, school_id: str, today: date) -> list[dict[str, Any]]:
    """Every active staff member's profile at `school_id`, read in one pass per kind of record."""
    staff = [e async for e in client.iter_employees(school_id=school_id, status="active")]
    names = {c.classroom_id: c.name async for c in client.iter_classrooms(school_id=school_id)}
    creds: dict[str, list[Credential]] = defaultdict(list)
    async for c in client.iter_credentials(school_id=school_id):
        creds[c.employee_id].append(c)
    trainings: dict[str, list[TrainingRecord]] = defaultdict(list)
    async for t in client.iter_training_records(school_id=school_id):
        trainings[t.employee_id].append(t)
    shifts: dict[str, list[Shift]] = defaultdict(list)
    start = today - timedelta(days=ROOM_HISTORY_DAYS)
    async for s in client.iter_shifts(school_id=school_id, start=start, end=today):
        shifts[s.employee_id].append(s)
    moves: dict[str, list[StaffMoveRecord]] = defaultdict(list)
    for m in await client.list_staff_moves(school_id=school_id):
        moves[m.employee_id].append(m)
    return [
        profile_of(
            e,
            credentials=creds[e.employee_id],
            trainings=trainings[e.employee_id],
            rooms=_room_names(e, names, shifts[e.employee_id], moves[e.employee_id]),
        )
        for e in staff
    ]


async def staff_profile(client: ProcareReader, employee: Employee, today: date) -> dict[str, Any]:
    """One staff member's profile (the incremental rebuild after `staff.updated` or `training.completed`)."""
    eid = employee.employee_id
    names = {c.classroom_id: c.name async for c in client.iter_classrooms(school_id=employee.school_id)}
    start = today - timedelta(days=ROOM_HISTORY_DAYS)
    shifts = [s async for s in client.iter_shifts(employee_id=eid, start=start, end=today)]
    moves = [m for m in await client.list_staff_moves(school_id=employee.school_id) if m.employee_id == eid]
    return profile_of(
        employee,
        credentials=[c async for c in client.iter_credentials(employee_id=eid)],
        trainings=[t async for t in client.iter_training_records(employee_id=eid)],
        rooms=_room_names(employee, names, shifts, moves),
    )
