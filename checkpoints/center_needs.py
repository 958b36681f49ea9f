"""A center's declared needs (table `center_needs`): what development plans check staff profiles against.

The service (services.center_needs) checks who may declare and what; this module only stores and loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from psycopg import errors
from psycopg_pool import AsyncConnectionPool

INSERT = """
INSERT INTO center_needs (center_id, need, declared_by, declared_at)
VALUES (%(center)s, %(need)s, %(by)s, %(at)s)
RETURNING need_id, center_id, need, declared_by, declared_at
"""
LIST = """
SELECT need_id, center_id, need, declared_by, declared_at FROM center_needs
WHERE %(center)s::text IS NULL OR center_id = %(center)s ORDER BY center_id, need_id
"""
ONE = "SELECT need_id, center_id, need, declared_by, declared_at FROM center_needs WHERE need_id = %s"
DELETE = "DELETE FROM center_needs WHERE need_id = %s"


@dataclass(frozen=True)
class CenterNeed:
    need_id: int
    center_id: str
    need: str
    declared_by: str
    declared_at: datetime


async def add_need(
    pool: AsyncConnectionPool, center_id: str, need: str, *, declared_by: str, at: datetime
) -> CenterNeed | None:
    """The stored need, or None when the center already declares the same text (any letter case)."""
    params = {"center": center_id, "need": need, "by": declared_by, "at": at}
    try:
        async with pool.connection() as conn:
            row = await (await conn.execute(INSERT, params)).fetchone()
    except errors.UniqueViolation:
        return None
    assert row is not None  # RETURNING
    return CenterNeed(**row)  # type: ignore[arg-type]


async def list_needs(pool: AsyncConnectionPool, center_id: str | None = None) -> list[CenterNeed]:
    """Every stored need (of one center), by center then in the order declared."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(LIST, {"center": center_id})).fetchall()
    return [CenterNeed(**r) for r in rows]  # type: ignore[arg-type]


async def get_need(pool: AsyncConnectionPool, need_id: int) -> CenterNeed | None:
    async with pool.connection() as conn:
        row = await (await conn.execute(ONE, (need_id,))).fetchone()
    return CenterNeed(**row) if row is not None else None  # type: ignore[arg-type]


async def remove_need(pool: AsyncConnectionPool, need_id: int) -> bool:
    """True when the need existed and is gone."""
    async with pool.connection() as conn:
        cur = await conn.execute(DELETE, (need_id,))
    return cur.rowcount > 0
