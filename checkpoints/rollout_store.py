"""Rollout phases per center and workflow, their history and pilot groups, in Postgres (DESIGN.md
"Rollout phases"; issue 18 item 4).

Center `*` is the default for every center; an exact (center, workflow) row wins over it, an active pilot
group that names the center wins over both, and with nothing stored the phase is
policies.rollout.DEFAULT_PHASE (read_only: the safe default). Every change (a phase set, a pilot started
or ended) appends a row to `rollout_changes` in the same transaction: who, when, from what to what.
`RolloutStore` is the graph's RolloutSource (graph.deps) in the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

from policies.rollout import DEFAULT_PHASE, Phase

UPSERT_PHASE = """
INSERT INTO rollout_phases (center_id, workflow, phase, updated_by, updated_at) VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (center_id, workflow) DO UPDATE
SET phase = EXCLUDED.phase, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
RETURNING center_id, workflow, phase, updated_at, updated_by
"""
LIST_PHASES = "SELECT center_id, workflow, phase, updated_at, updated_by FROM rollout_phases ORDER BY 1, 2"
STORED_PHASE_OF = """
SELECT phase FROM rollout_phases WHERE workflow = %s AND center_id IN (%s, '*')
ORDER BY (center_id = '*') LIMIT 1
"""
PHASE_OF = """
SELECT phase FROM (
    SELECT phase, 0 AS rank FROM pilot_groups
    WHERE ended_at IS NULL AND workflow = %(workflow)s AND %(center)s = ANY(centers)
    UNION ALL
    SELECT phase, CASE WHEN center_id = '*' THEN 2 ELSE 1 END FROM rollout_phases
    WHERE workflow = %(workflow)s AND center_id IN (%(center)s, '*')
) AS candidates ORDER BY rank LIMIT 1
"""
INSERT_CHANGE = """
INSERT INTO rollout_changes (center_id, workflow, kind, from_phase, to_phase, changed_by, changed_at, pilot,
                             shadow_run_id)
VALUES (%(center_id)s, %(workflow)s, %(kind)s, %(from_phase)s, %(to_phase)s, %(changed_by)s, %(changed_at)s,
        %(pilot)s, %(shadow_run_id)s)
"""
_CHANGE_COLUMNS = (
    "id, center_id, workflow, kind, from_phase, to_phase, changed_by, changed_at, pilot, shadow_run_id"
)
HISTORY = f"""
SELECT {_CHANGE_COLUMNS} FROM rollout_changes
WHERE (%(centers)s::text[] IS NULL OR center_id = ANY(%(centers)s) OR center_id = '*')
ORDER BY changed_at DESC, id DESC LIMIT %(limit)s
"""
_PILOT_COLUMNS = "name, workflow, phase, centers, reviewers, started_by, started_at, ended_by, ended_at"
INSERT_PILOT = f"""
INSERT INTO pilot_groups (name, workflow, phase, centers, reviewers, started_by, started_at)
VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (name) DO NOTHING RETURNING {_PILOT_COLUMNS}
"""
END_PILOT = f"""
UPDATE pilot_groups SET ended_by = %s, ended_at = %s WHERE name = %s AND ended_at IS NULL
RETURNING {_PILOT_COLUMNS}
"""
LIST_PILOTS = f"SELECT {_PILOT_COLUMNS} FROM pilot_groups ORDER BY started_at DESC, name"
ACTIVE_PILOT_FOR = f"""
SELECT {_PILOT_COLUMNS} FROM pilot_groups
WHERE ended_at IS NULL AND workflow = %s AND %s = ANY(centers) LIMIT 1
"""
LOCK_ROLLOUT = "SELECT pg_advisory_xact_lock(7311060)"  # one rollout change at a time: history in order


class PhaseRow(BaseModel):
    """One stored phase."""

    center_id: str
    workflow: str
    phase: Phase
    updated_at: datetime
    updated_by: str


class ChangeRow(BaseModel):
    """One rollout change: who, when, from what phase to what, and why (a pilot, a shadow run)."""

    id: int
    center_id: str
    workflow: str
    kind: Literal["phase", "pilot_start", "pilot_end"]
    from_phase: Phase | None
    to_phase: Phase
    changed_by: str
    changed_at: datetime
    pilot: str | None
    shadow_run_id: int | None


class PilotRow(BaseModel):
    """A pilot group: a phase for a named set of centers, decided by a named set of reviewers."""

    name: str
    workflow: str
    phase: Phase
    centers: list[str]
    reviewers: list[str]
    started_by: str
    started_at: datetime
    ended_by: str | None
    ended_at: datetime | None


async def _stored_phase(conn: AsyncConnection[Any], center: str, workflow: str) -> Phase | None:
    row = await (await conn.execute(STORED_PHASE_OF, (workflow, center))).fetchone()
    return row["phase"] if row else None  # type: ignore[call-overload, no-any-return]


async def _record(conn: AsyncConnection[Any], **change: Any) -> None:
    await conn.execute(INSERT_CHANGE, {"pilot": None, "shadow_run_id": None, **change})


async def set_phase(
    pool: AsyncConnectionPool,
    center: str,
    workflow: Phase | str,
    phase: Phase,
    *,
    updated_by: str,
    at: datetime,
    shadow_run_id: int | None = None,
) -> PhaseRow:
    """Store the phase of (center, workflow) and its change; center `*` sets every center's default.
    Names are checked by the caller (services.rollout)."""
    async with pool.connection() as conn, conn.transaction():
        await conn.execute(LOCK_ROLLOUT)
        before = await _stored_phase(conn, center, workflow)
        row = await (await conn.execute(UPSERT_PHASE, (center, workflow, phase, updated_by, at))).fetchone()
        await _record(
            conn,
            center_id=center,
            workflow=workflow,
            kind="phase",
            from_phase=before,
            to_phase=phase,
            changed_by=updated_by,
            changed_at=at,
            shadow_run_id=shadow_run_id,
        )
    return PhaseRow.model_validate(row)


async def stored_phase(pool: AsyncConnectionPool, center: str, workflow: str) -> Phase:
    """The phase stored for (center, workflow), pilots aside: exact row, else `*`, else the default."""
    async with pool.connection() as conn:
        return await _stored_phase(conn, center, workflow) or DEFAULT_PHASE


async def list_phases(pool: AsyncConnectionPool) -> list[PhaseRow]:
    """Every stored phase, by center then workflow."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(LIST_PHASES)).fetchall()
    return [PhaseRow.model_validate(r) for r in rows]


async def history(
    pool: AsyncConnectionPool, *, centers: Sequence[str] | None, limit: int = 200
) -> list[ChangeRow]:
    """Rollout changes, newest first: of `centers` and the all-center defaults (None: every center)."""
    params = {"centers": list(centers) if centers is not None else None, "limit": limit}
    async with pool.connection() as conn:
        rows = await (await conn.execute(HISTORY, params)).fetchall()
    return [ChangeRow.model_validate(r) for r in rows]


async def start_pilot(
    pool: AsyncConnectionPool,
    *,
    name: str,
    workflow: str,
    phase: Phase,
    centers: Sequence[str],
    reviewers: Sequence[str],
    started_by: str,
    at: datetime,
) -> tuple[PilotRow | None, list[str]]:
    """Start a pilot and record one change per center. Returns (the pilot, []) or (None, the names of
    the reasons it was not started: the name taken, or active pilots of the workflow at those centers)."""
    async with pool.connection() as conn, conn.transaction():
        await conn.execute(LOCK_ROLLOUT)
        clashes = []
        for center in centers:
            active = await (await conn.execute(ACTIVE_PILOT_FOR, (workflow, center))).fetchone()
            if active is not None:
                clashes.append(f"{center} is already in pilot {active['name']}")  # type: ignore[call-overload]
        if clashes:
            return None, clashes
        values = (name, workflow, phase, list(centers), list(reviewers), started_by, at)
        row = await (await conn.execute(INSERT_PILOT, values)).fetchone()
        if row is None:
            return None, [f"a pilot named {name!r} already exists (a name is used once)"]
        for center in centers:
            await _record(
                conn,
                center_id=center,
                workflow=workflow,
                kind="pilot_start",
                from_phase=await _stored_phase(conn, center, workflow) or DEFAULT_PHASE,
                to_phase=phase,
                changed_by=started_by,
                changed_at=at,
                pilot=name,
            )
    return PilotRow.model_validate(row), []


async def end_pilot(pool: AsyncConnectionPool, name: str, *, ended_by: str, at: datetime) -> PilotRow | None:
    """End an active pilot (its centers go back to their stored phase) and record it; None: no active
    pilot of that name."""
    async with pool.connection() as conn, conn.transaction():
        await conn.execute(LOCK_ROLLOUT)
        row = await (await conn.execute(END_PILOT, (ended_by, at, name))).fetchone()
        if row is None:
            return None
        pilot = PilotRow.model_validate(row)
        for center in pilot.centers:
            await _record(
                conn,
                center_id=center,
                workflow=pilot.workflow,
                kind="pilot_end",
                from_phase=pilot.phase,
                to_phase=await _stored_phase(conn, center, pilot.workflow) or DEFAULT_PHASE,
                changed_by=ended_by,
                changed_at=at,
                pilot=name,
            )
    return pilot


async def list_pilots(pool: AsyncConnectionPool) -> list[PilotRow]:
    """Every pilot group, active and ended, newest first."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(LIST_PILOTS)).fetchall()
    return [PilotRow.model_validate(r) for r in rows]


async def active_pilot(pool: AsyncConnectionPool, center_id: str, workflow: str) -> PilotRow | None:
    """The active pilot of `workflow` that names `center_id`, if any."""
    async with pool.connection() as conn:
        row = await (await conn.execute(ACTIVE_PILOT_FOR, (workflow, center_id))).fetchone()
    return PilotRow.model_validate(row) if row else None


class RolloutStore:
    """graph.deps.RolloutSource over Postgres: read at the start of each run (frozen for the run)."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self.pool = pool

    async def phase(self, center_id: str, workflow: str) -> Phase:
        async with self.pool.connection() as conn:
            row = await (await conn.execute(PHASE_OF, {"workflow": workflow, "center": center_id})).fetchone()
        return row["phase"] if row else DEFAULT_PHASE  # type: ignore[call-overload, no-any-return]
