"""Shadow runs (table `shadow_runs`): each replay of a center's past weeks and its scores, kept so the
rollout store can name the run that justified leaving read_only."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

_COLUMNS = "id, center_id, weeks, window_start, window_end, ran_by, ran_at, result"
INSERT = f"""
INSERT INTO shadow_runs (center_id, weeks, window_start, window_end, ran_by, ran_at, result)
VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING {_COLUMNS}
"""
BY_ID = f"SELECT {_COLUMNS} FROM shadow_runs WHERE id = %s"
LATEST = f"SELECT {_COLUMNS} FROM shadow_runs WHERE center_id = %s ORDER BY ran_at DESC, id DESC LIMIT 1"
WRITTEN = "SELECT action, response FROM write_results WHERE center_id = %s AND ok AND response IS NOT NULL"


class ShadowRunRow(BaseModel):
    id: int
    center_id: str
    weeks: int
    window_start: datetime
    window_end: datetime
    ran_by: str
    ran_at: datetime
    result: dict[str, Any]


async def record(
    pool: AsyncConnectionPool,
    *,
    center_id: str,
    weeks: int,
    window: tuple[datetime, datetime],
    ran_by: str,
    ran_at: datetime,
    result: dict[str, Any],
) -> ShadowRunRow:
    """Store one shadow run and its scores."""
    params = (center_id, weeks, window[0], window[1], ran_by, ran_at, Jsonb(result))
    async with pool.connection() as conn:
        row = await (await conn.execute(INSERT, params)).fetchone()
    return ShadowRunRow.model_validate(row)


async def get(pool: AsyncConnectionPool, run_id: int) -> ShadowRunRow | None:
    async with pool.connection() as conn:
        row = await (await conn.execute(BY_ID, (run_id,))).fetchone()
    return ShadowRunRow.model_validate(row) if row else None


async def latest(pool: AsyncConnectionPool, center_id: str) -> ShadowRunRow | None:
    """The center's most recent shadow run."""
    async with pool.connection() as conn:
        row = await (await conn.execute(LATEST, (center_id,))).fetchone()
    return ShadowRunRow.model_validate(row) if row else None


async def ai_written(pool: AsyncConnectionPool, center_id: str) -> list[tuple[str, dict[str, Any]]]:
    """(action, Procare's answer) of every write procare-ai made at a center: those records are the AI's
    work, not a director's, and a shadow run leaves them out of what directors did."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(WRITTEN, (center_id,))).fetchall()
    return [(r["action"], dict(r["response"])) for r in rows]  # type: ignore[call-overload]
