"""Rollout phases per center and workflow, stored in Postgres (DESIGN.md "Rollout phases").

Center `*` is the default for every center; an exact (center, workflow) row wins over it, and with no row
at all the phase is policies.rollout.DEFAULT_PHASE (read_only: the safe default). `RolloutStore` is the
graph's RolloutSource (graph.deps) in the service.
"""

from __future__ import annotations

from datetime import datetime

from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

from policies.errors import InvalidInput
from policies.rbac import ALL_CENTERS
from policies.rollout import DEFAULT_PHASE, Phase, parse_phase, parse_workflow

UPSERT_PHASE = """
INSERT INTO rollout_phases (center_id, workflow, phase, updated_by) VALUES (%s, %s, %s, %s)
ON CONFLICT (center_id, workflow) DO UPDATE
SET phase = EXCLUDED.phase, updated_by = EXCLUDED.updated_by, updated_at = now()
RETURNING center_id, workflow, phase, updated_at, updated_by
"""
LIST_PHASES = "SELECT center_id, workflow, phase, updated_at, updated_by FROM rollout_phases ORDER BY 1, 2"
PHASE_OF = """
SELECT phase FROM rollout_phases WHERE workflow = %s AND center_id IN (%s, '*')
ORDER BY (center_id = '*') LIMIT 1
"""


class PhaseRow(BaseModel):
    """One stored phase."""

    center_id: str
    workflow: str
    phase: Phase
    updated_at: datetime
    updated_by: str


async def set_phase(
    pool: AsyncConnectionPool, center: str, workflow: str, phase: str, *, updated_by: str = "cli"
) -> PhaseRow:
    """Set the phase of (center, workflow); center `*` sets the default of every center."""
    center = center.strip()
    if not center:
        raise InvalidInput(f"a center id is needed (or {ALL_CENTERS!r} for every center)")
    valid_workflow, valid_phase = parse_workflow(workflow), parse_phase(phase)
    async with pool.connection() as conn:
        row = await (
            await conn.execute(UPSERT_PHASE, (center, valid_workflow, valid_phase, updated_by))
        ).fetchone()
    return PhaseRow.model_validate(row)


async def list_phases(pool: AsyncConnectionPool) -> list[PhaseRow]:
    """Every stored phase, by center then workflow."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(LIST_PHASES)).fetchall()
    return [PhaseRow.model_validate(r) for r in rows]


class RolloutStore:
    """graph.deps.RolloutSource over Postgres: read at the start of each run (frozen for the run)."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self.pool = pool

    async def phase(self, center_id: str, workflow: str) -> Phase:
        async with self.pool.connection() as conn:
            row = await (await conn.execute(PHASE_OF, (workflow, center_id))).fetchone()
        return row["phase"] if row else DEFAULT_PHASE  # type: ignore[call-overload, no-any-return]
