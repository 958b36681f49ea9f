"""Stored skills profiles (tables `skills_profiles`, `skills_centers`): what a need search reads.

One row per staff member: the contract-shaped profile read from Procare (agents.skills.procare, PII
already scrubbed) and its skills with evidence (`agents.skills.SkillsProfile.to_dict`) as built on
`built_for`. `skills_centers` records that a center was read whole. The service (services.skills) decides
when to write; this module only stores and loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

UPSERT = """
INSERT INTO skills_profiles (center_id, staff_id, profile, skills, built_for, source, updated_at)
VALUES (%(center_id)s, %(staff_id)s, %(profile)s, %(skills)s, %(built_for)s, %(source)s, %(updated_at)s)
ON CONFLICT (center_id, staff_id) DO UPDATE
SET profile = EXCLUDED.profile, skills = EXCLUDED.skills, built_for = EXCLUDED.built_for,
    source = EXCLUDED.source, updated_at = EXCLUDED.updated_at
"""
DELETE_OTHERS = "DELETE FROM skills_profiles WHERE center_id = %s AND NOT (staff_id = ANY(%s))"
DELETE_ONE = "DELETE FROM skills_profiles WHERE center_id = %s AND staff_id = %s"
MARK_CENTER = """
INSERT INTO skills_centers (center_id, staff_count, timezone, built_for, built_at) VALUES (%s, %s, %s, %s, %s)
ON CONFLICT (center_id) DO UPDATE
SET staff_count = EXCLUDED.staff_count, timezone = EXCLUDED.timezone, built_for = EXCLUDED.built_for,
    built_at = EXCLUDED.built_at
"""
CENTER = """
SELECT center_id, staff_count, timezone, built_for, built_at FROM skills_centers WHERE center_id = %s
"""
CENTERS = "SELECT center_id FROM skills_centers ORDER BY center_id"
LOAD = """
SELECT staff_id, profile, skills, built_for, source, updated_at FROM skills_profiles
WHERE center_id = %s ORDER BY staff_id
"""
STAMP = """
SELECT count(*) AS n,
       coalesce(md5(string_agg(staff_id || ':' || xmin::text, ',' ORDER BY staff_id)), '') AS rows
FROM skills_profiles WHERE center_id = %s
"""
"""A center's rows' version: any insert, update or delete of one gives a new row version (`xmin`)."""
LOAD_ONE = """
SELECT staff_id, profile, skills, built_for, source, updated_at FROM skills_profiles
WHERE center_id = %s AND staff_id = %s
"""


@dataclass(frozen=True)
class StoredProfile:
    """One staff member's stored profile: `profile` is the `rank` input, `skills` the built form."""

    staff_id: str
    profile: dict[str, Any]
    skills: dict[str, Any]
    built_for: date
    source: str
    """What caused the (re)build: an event id, or `rebuild` for a whole-center read."""
    updated_at: datetime | None = None


@dataclass(frozen=True)
class CenterBuild:
    center_id: str
    staff_count: int
    timezone: str
    """The center's IANA zone, so a search dates itself without asking Procare."""
    built_for: date
    built_at: datetime


def _params(center_id: str, row: StoredProfile, at: datetime) -> dict[str, Any]:
    return {
        "center_id": center_id,
        "staff_id": row.staff_id,
        "profile": Jsonb(row.profile),
        "skills": Jsonb(row.skills),
        "built_for": row.built_for,
        "source": row.source,
        "updated_at": at,
    }


def _row(raw: Any) -> StoredProfile:
    r: dict[str, Any] = dict(raw)
    return StoredProfile(
        r["staff_id"], r["profile"], r["skills"], r["built_for"], r["source"], r["updated_at"]
    )


async def replace_center(
    pool: AsyncConnectionPool[Any],
    center_id: str,
    rows: list[StoredProfile],
    *,
    timezone: str,
    built_for: date,
    at: datetime,
) -> None:
    """Make `rows` the center's profiles (people no longer listed are removed), in one transaction."""
    async with pool.connection() as conn, conn.transaction():
        await conn.execute(DELETE_OTHERS, (center_id, [r.staff_id for r in rows]))
        async with conn.cursor() as cur:
            await cur.executemany(UPSERT, [_params(center_id, r, at) for r in rows])
        await conn.execute(MARK_CENTER, (center_id, len(rows), timezone, built_for, at))


async def upsert_staff(
    pool: AsyncConnectionPool[Any], center_id: str, row: StoredProfile, *, at: datetime
) -> None:
    """Store one staff member's rebuilt profile."""
    async with pool.connection() as conn:
        await conn.execute(UPSERT, _params(center_id, row, at))


async def remove_staff(pool: AsyncConnectionPool[Any], center_id: str, staff_id: str) -> bool:
    """Drop a person who left (or is no longer active); whether a row was there."""
    async with pool.connection() as conn:
        cur = await conn.execute(DELETE_ONE, (center_id, staff_id))
        return cur.rowcount > 0


async def center_build(pool: AsyncConnectionPool[Any], center_id: str) -> CenterBuild | None:
    """When the center was last read whole, or None if never."""
    async with pool.connection() as conn:
        row: Any = await (await conn.execute(CENTER, (center_id,))).fetchone()
    if row is None:
        return None
    return CenterBuild(
        row["center_id"], row["staff_count"], row["timezone"], row["built_for"], row["built_at"]
    )


async def built_centers(pool: AsyncConnectionPool[Any]) -> list[str]:
    """Every center read whole at least once."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(CENTERS)).fetchall()
    return [r["center_id"] for r in rows]  # type: ignore[call-overload]


async def load_center(pool: AsyncConnectionPool[Any], center_id: str) -> list[StoredProfile]:
    """Every stored profile of a center, by staff id."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(LOAD, (center_id,))).fetchall()
    return [_row(r) for r in rows]


async def center_stamp(pool: AsyncConnectionPool[Any], center_id: str) -> str:
    """A value that changes whenever any of the center's rows is written or removed (row versions), so a
    reader holding the rows in memory can tell in one small query that they are still current."""
    async with pool.connection() as conn:
        row: Any = await (await conn.execute(STAMP, (center_id,))).fetchone()
    return f"{row['n']}:{row['rows']}"


async def load_staff(pool: AsyncConnectionPool[Any], center_id: str, staff_id: str) -> StoredProfile | None:
    """One stored profile."""
    async with pool.connection() as conn:
        row = await (await conn.execute(LOAD_ONE, (center_id, staff_id))).fetchone()
    return None if row is None else _row(row)
