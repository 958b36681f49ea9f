"""Webhook sources and their secrets (tables `webhook_sources`, `webhook_secrets`).

A source is one sender of webhooks: a name, the centers it may speak for (`*`: every center) and one or
two active secrets (two while a rotation's old secret runs out). Times are the product clock's, passed
in; the rules (names, centers, grace periods) are the use case's (services.webhook_sources).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg_pool import AsyncConnectionPool

INSERT_SOURCE = """
INSERT INTO webhook_sources (name, centers, created_at) VALUES (%s, %s, %s) ON CONFLICT (name) DO NOTHING
RETURNING name
"""
INSERT_SECRET = "INSERT INTO webhook_secrets (source, secret, created_at) VALUES (%s, %s, %s)"
LOCK_SOURCE = "SELECT name FROM webhook_sources WHERE name = %s FOR UPDATE"
RETIRE_SECRETS = """
WITH ranked AS (
    SELECT id, row_number() OVER (ORDER BY created_at DESC, id DESC) AS age
    FROM webhook_secrets
    WHERE source = %(source)s AND (expires_at IS NULL OR expires_at > %(now)s)
)
UPDATE webhook_secrets s
SET expires_at = CASE WHEN r.age = 1 THEN %(grace_until)s ELSE %(now)s END
FROM ranked r WHERE s.id = r.id
"""
"""Before a new secret: the newest active one keeps working until `grace_until`, older ones stop now, so
a source never has more than two active secrets."""
ACTIVE_SECRETS = """
SELECT s.source, src.centers, s.secret, s.expires_at
FROM webhook_secrets s JOIN webhook_sources src ON src.name = s.source
WHERE s.expires_at IS NULL OR s.expires_at > %s
ORDER BY s.source, s.created_at DESC, s.id DESC
"""
LIST_SOURCES = """
SELECT src.name, src.centers, src.created_at,
       count(s.id) FILTER (WHERE s.expires_at IS NULL OR s.expires_at > %(now)s) AS active_secrets,
       max(s.expires_at) FILTER (WHERE s.expires_at > %(now)s) AS old_secret_expires_at,
       max(s.created_at) AS rotated_at
FROM webhook_sources src LEFT JOIN webhook_secrets s ON s.source = src.name
GROUP BY src.name, src.centers, src.created_at ORDER BY src.name
"""


@dataclass(frozen=True)
class SourceSecret:
    """One active secret and the source it belongs to (what a delivery is verified against)."""

    source: str
    centers: frozenset[str]
    secret: str
    expires_at: datetime | None = None
    """When it stops verifying (None: until a rotation retires it)."""

    def active_at(self, now: datetime) -> bool:
        return self.expires_at is None or self.expires_at > now


@dataclass(frozen=True)
class SourceRow:
    """A source as listed: never its secrets, only how many are active and when the old one ends."""

    name: str
    centers: list[str]
    created_at: datetime
    active_secrets: int
    old_secret_expires_at: datetime | None
    rotated_at: datetime | None


async def insert_source(
    pool: AsyncConnectionPool, name: str, centers: list[str], secret: str, *, now: datetime
) -> bool:
    """Store a new source with its first secret; False (nothing stored) when the name is taken."""
    async with pool.connection() as conn, conn.transaction():
        if await (await conn.execute(INSERT_SOURCE, (name, centers, now))).fetchone() is None:
            return False
        await conn.execute(INSERT_SECRET, (name, secret, now))
    return True


async def add_secret(
    pool: AsyncConnectionPool, name: str, secret: str, *, now: datetime, grace_until: datetime
) -> bool:
    """Rotate: the newest active secret ends at `grace_until`, older ones now, and `secret` becomes the
    newest, in one transaction. False when there is no such source."""
    async with pool.connection() as conn, conn.transaction():
        if await (await conn.execute(LOCK_SOURCE, (name,))).fetchone() is None:
            return False
        params = {"source": name, "now": now, "grace_until": grace_until}
        await conn.execute(RETIRE_SECRETS, params)
        await conn.execute(INSERT_SECRET, (name, secret, now))
    return True


async def active_secrets(pool: AsyncConnectionPool, *, now: datetime) -> list[SourceSecret]:
    """Every secret a delivery may be signed with at `now`, newest first per source."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(ACTIVE_SECRETS, (now,))).fetchall()
    out = []
    for row in rows:
        r: dict[str, Any] = dict(row)  # type: ignore[call-overload]
        out.append(
            SourceSecret(
                source=r["source"],
                centers=frozenset(r["centers"]),
                secret=r["secret"],
                expires_at=r["expires_at"],
            )
        )
    return out


async def list_sources(pool: AsyncConnectionPool, *, now: datetime) -> list[SourceRow]:
    async with pool.connection() as conn:
        rows = await (await conn.execute(LIST_SOURCES, {"now": now})).fetchall()
    return [SourceRow(**dict(r)) for r in rows]  # type: ignore[call-overload]
