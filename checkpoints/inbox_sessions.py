"""Inbox browser sessions (table `inbox_sessions`): only the SHA-256 of the cookie value is stored.

A session is bound to the API token it was opened with: revoking the token, or its expiry, ends its
sessions at once, because every lookup joins the live, unexpired token. Times are the product clock's,
passed in by the use case.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg_pool import AsyncConnectionPool

from checkpoints.tokens import hash_token
from policies.rbac import Principal, Role

INSERT_SESSION = """
INSERT INTO inbox_sessions (session_hash, token_hash, csrf_token, created_at, expires_at)
VALUES (%s, %s, %s, %s, %s)
"""
LIVE_SESSION = """
SELECT t.label, t.role, t.centers, s.csrf_token, s.expires_at
FROM inbox_sessions s JOIN api_tokens t ON t.token_hash = s.token_hash AND t.revoked_at IS NULL
WHERE s.session_hash = %(session)s AND s.ended_at IS NULL AND s.expires_at > %(now)s
  AND (t.expires_at IS NULL OR t.expires_at > %(now)s)
"""
END_SESSION = "UPDATE inbox_sessions SET ended_at = %s WHERE session_hash = %s AND ended_at IS NULL"
PURGE_ENDED = "DELETE FROM inbox_sessions WHERE coalesce(ended_at, expires_at) < %s"


@dataclass(frozen=True)
class SessionRow:
    """A live session: who it is, the CSRF token its forms carry, and when it ends."""

    principal: Principal
    csrf_token: str
    expires_at: datetime


def hash_session(raw: str) -> str:
    """The stored form of a session cookie (random, so a plain SHA-256 is enough)."""
    return hashlib.sha256(b"inbox-session:" + raw.encode()).hexdigest()


async def insert_session(
    pool: AsyncConnectionPool, raw: str, token: str, csrf_token: str, now: datetime, expires_at: datetime
) -> None:
    async with pool.connection() as conn:
        await conn.execute(
            INSERT_SESSION, (hash_session(raw), hash_token(token), csrf_token, now, expires_at)
        )


async def live_session(pool: AsyncConnectionPool, raw: str, now: datetime) -> SessionRow | None:
    """The session of cookie value `raw` if it is open, unexpired at `now` and its token live; else None."""
    async with pool.connection() as conn:
        row = await (await conn.execute(LIVE_SESSION, {"session": hash_session(raw), "now": now})).fetchone()
    if row is None:
        return None
    r: dict[str, Any] = dict(row)  # type: ignore[call-overload]
    role: Role = r["role"]
    principal = Principal(id=str(r["label"]), role=role, centers=frozenset(r["centers"]))
    return SessionRow(principal=principal, csrf_token=str(r["csrf_token"]), expires_at=r["expires_at"])


async def end_session(pool: AsyncConnectionPool, raw: str, now: datetime) -> None:
    """Sign out: the session stops working at once (and is purged later)."""
    async with pool.connection() as conn:
        await conn.execute(END_SESSION, (now, hash_session(raw)))
        await conn.execute(PURGE_ENDED, (now,))
