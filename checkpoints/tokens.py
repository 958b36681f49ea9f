"""API bearer tokens (table `api_tokens`): only their SHA-256 is stored; the raw token is shown once.

A token maps to a principal (policies.rbac.Principal): its live label is the principal id (what the audit
records as reviewer), plus a role and the centers it may see. Revoked tokens stop working at once, expired
ones at their `expires_at`. `last_used_at` is written at most once a minute per token, so a busy client
costs no write per request. The rules of issuing one (roles, labels, centers, lifetimes) are the use
case's (services.tokens). Times are the product clock's, passed in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

from policies.rbac import Principal, Role

INSERT_TOKEN = """
INSERT INTO api_tokens (token_hash, role, centers, label, created_at, expires_at)
VALUES (%s, %s, %s, %s, %s, %s) RETURNING id
"""
LIVE_LABEL = "SELECT 1 FROM api_tokens WHERE label = %s AND revoked_at IS NULL"
LIVE_OF_LABEL = """
SELECT id, role, centers, expires_at, created_at FROM api_tokens
WHERE label = %s AND revoked_at IS NULL FOR UPDATE
"""
TOKEN_OF_HASH = """
SELECT id, label, role, centers, expires_at, last_used_at FROM api_tokens
WHERE token_hash = %s AND revoked_at IS NULL
"""
TOKENS_OF_HASHES = """
SELECT token_hash, id, label, role, centers, expires_at, last_used_at FROM api_tokens
WHERE token_hash = ANY(%s) AND revoked_at IS NULL
"""
TOUCH_TOKEN = """
UPDATE api_tokens SET last_used_at = %(now)s
WHERE id = %(id)s AND (last_used_at IS NULL OR last_used_at < %(now)s - interval '1 minute')
"""
REVOKE_LABEL = """
UPDATE api_tokens SET revoked_at = %s WHERE label = %s AND revoked_at IS NULL RETURNING id
"""
LIST_TOKENS = """
SELECT id, role, centers, label, created_at, revoked_at, expires_at, last_used_at
FROM api_tokens ORDER BY created_at, id
"""


class TokenRow(BaseModel):
    """A token as listed (never its hash nor the raw value)."""

    id: int
    role: Role
    centers: list[str]
    label: str
    created_at: datetime
    revoked_at: datetime | None
    expires_at: datetime | None = None
    last_used_at: datetime | None = None


@dataclass(frozen=True)
class LiveToken:
    """A token that is not revoked: who it is and until when (the caller judges expiry at its `now`)."""

    principal: Principal
    expires_at: datetime | None
    id: int = 0
    last_used_at: datetime | None = None


@dataclass(frozen=True)
class LabelledToken:
    """The live token of a label, as `rotate` needs it: role, centers and the lifetime it was given."""

    role: Role
    centers: list[str]
    created_at: datetime
    expires_at: datetime | None


def hash_token(raw: str) -> str:
    """The stored form of a token (hex SHA-256); tokens are random, so no salt or slow hash is needed."""
    return hashlib.sha256(raw.encode()).hexdigest()


async def _insert(
    conn: AsyncConnection[Any],
    raw: str,
    role: Role,
    centers: Iterable[str],
    label: str,
    now: datetime,
    expires_at: datetime | None,
) -> None:
    await conn.execute(INSERT_TOKEN, (hash_token(raw), role, list(centers), label, now, expires_at))


async def insert_token(
    pool: AsyncConnectionPool,
    raw: str,
    role: Role,
    centers: Iterable[str],
    label: str,
    *,
    now: datetime,
    expires_at: datetime | None,
) -> bool:
    """Store the hash of `raw` under `label`; False (nothing stored) when a live token has that label."""
    async with pool.connection() as conn, conn.transaction():
        if await (await conn.execute(LIVE_LABEL, (label,))).fetchone():
            return False
        await _insert(conn, raw, role, centers, label, now, expires_at)
    return True


async def replace_token(
    pool: AsyncConnectionPool,
    label: str,
    raw: str,
    *,
    now: datetime,
    lifetime_of: Callable[[LabelledToken], datetime | None],
) -> LabelledToken | None:
    """Revoke the live token of `label` and store `raw` in its place, in one transaction (rotation).

    `lifetime_of(old)` says when the new token expires. Answers the old token's row, or None (nothing
    changed) when the label has no live token.
    """
    async with pool.connection() as conn, conn.transaction():
        row = await (await conn.execute(LIVE_OF_LABEL, (label,))).fetchone()
        if row is None:
            return None
        r = dict(row)  # type: ignore[call-overload]
        old = LabelledToken(
            role=r["role"], centers=list(r["centers"]), created_at=r["created_at"], expires_at=r["expires_at"]
        )
        await conn.execute(REVOKE_LABEL, (now, label))
        await _insert(conn, raw, old.role, old.centers, label, now, lifetime_of(old))
    return old


async def live_token(pool: AsyncConnectionPool, raw: str, *, now: datetime) -> LiveToken | None:
    """The unrevoked token of `raw` (expired or not), or None; records its use at `now` (at most once a
    minute) when it has not expired."""
    async with pool.connection() as conn:
        row = await (await conn.execute(TOKEN_OF_HASH, (hash_token(raw),))).fetchone()
        if row is None:
            return None
        r = dict(row)  # type: ignore[call-overload]
        if r["expires_at"] is None or r["expires_at"] > now:
            last = r["last_used_at"]
            if last is None or (now - last).total_seconds() >= 60:
                await conn.execute(TOUCH_TOKEN, {"now": now, "id": r["id"]})
    principal = Principal(id=str(r["label"]), role=r["role"], centers=frozenset(r["centers"]))
    return LiveToken(principal=principal, expires_at=r["expires_at"])


async def live_tokens(pool: AsyncConnectionPool, hashes: Iterable[str]) -> dict[str, LiveToken]:
    """The unrevoked token of each hash found (expired or not), in one round trip, recording nothing:
    the caller records a use with `touch_token` once it has accepted the token."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(TOKENS_OF_HASHES, (list(hashes),))).fetchall()
    found = {}
    for row in rows:
        r: dict[str, Any] = dict(row)  # type: ignore[call-overload]
        principal = Principal(id=str(r["label"]), role=r["role"], centers=frozenset(r["centers"]))
        found[r["token_hash"]] = LiveToken(
            principal=principal, expires_at=r["expires_at"], id=r["id"], last_used_at=r["last_used_at"]
        )
    return found


async def touch_token(pool: AsyncConnectionPool, token_id: int, *, now: datetime) -> None:
    """Record a use of the token at `now`, unless one was recorded in the minute before."""
    async with pool.connection() as conn:
        await conn.execute(TOUCH_TOKEN, {"now": now, "id": token_id})


async def revoke_label(pool: AsyncConnectionPool, label: str, *, now: datetime) -> bool:
    """Revoke the live token with this label; False when there is none."""
    async with pool.connection() as conn:
        row = await (await conn.execute(REVOKE_LABEL, (now, label))).fetchone()
    return row is not None


async def list_tokens(pool: AsyncConnectionPool) -> list[TokenRow]:
    """Every token ever issued, oldest first, revoked ones included (for `tokens list`)."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(LIST_TOKENS)).fetchall()
    return [TokenRow.model_validate(r) for r in rows]
