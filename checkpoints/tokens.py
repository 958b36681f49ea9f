"""API bearer tokens (table `api_tokens`): only their SHA-256 is stored; the raw token is shown once.

A token maps to a principal (policies.rbac.Principal): its live label is the principal id (what the audit
records as reviewer), plus a role and the centers it may see. Revoked tokens stop working at once. The
rules of issuing one (roles, labels, centers) are the use case's (services.tokens).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

from policies.rbac import Principal, Role

INSERT_TOKEN = """
INSERT INTO api_tokens (token_hash, role, centers, label) VALUES (%s, %s, %s, %s) RETURNING id
"""
LIVE_LABEL = "SELECT 1 FROM api_tokens WHERE label = %s AND revoked_at IS NULL"
PRINCIPAL_OF_HASH = """
SELECT label, role, centers FROM api_tokens WHERE token_hash = %s AND revoked_at IS NULL
"""
REVOKE_LABEL = """
UPDATE api_tokens SET revoked_at = now() WHERE label = %s AND revoked_at IS NULL RETURNING id
"""
LIST_TOKENS = """
SELECT id, role, centers, label, created_at, revoked_at FROM api_tokens ORDER BY created_at, id
"""


class TokenRow(BaseModel):
    """A token as listed (never its hash nor the raw value)."""

    id: int
    role: Role
    centers: list[str]
    label: str
    created_at: datetime
    revoked_at: datetime | None


def hash_token(raw: str) -> str:
    """The stored form of a token (hex SHA-256); tokens are random, so no salt or slow hash is needed."""
    return hashlib.sha256(raw.encode()).hexdigest()


async def insert_token(
    pool: AsyncConnectionPool, raw: str, role: Role, centers: Iterable[str], label: str
) -> bool:
    """Store the hash of `raw` under `label`; False (nothing stored) when a live token has that label."""
    async with pool.connection() as conn, conn.transaction():
        if await (await conn.execute(LIVE_LABEL, (label,))).fetchone():
            return False
        await conn.execute(INSERT_TOKEN, (hash_token(raw), role, list(centers), label))
    return True


async def principal_for_token(pool: AsyncConnectionPool, raw: str) -> Principal | None:
    """The principal of a live token, or None for an unknown or revoked one."""
    async with pool.connection() as conn:
        row = await (await conn.execute(PRINCIPAL_OF_HASH, (hash_token(raw),))).fetchone()
    if row is None:
        return None
    return Principal(id=row["label"], role=row["role"], centers=frozenset(row["centers"]))  # type: ignore[call-overload]


async def revoke_label(pool: AsyncConnectionPool, label: str) -> bool:
    """Revoke the live token with this label; False when there is none."""
    async with pool.connection() as conn:
        row = await (await conn.execute(REVOKE_LABEL, (label,))).fetchone()
    return row is not None


async def list_tokens(pool: AsyncConnectionPool) -> list[TokenRow]:
    """Every token ever issued, oldest first, revoked ones included (for `tokens list`)."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(LIST_TOKENS)).fetchall()
    return [TokenRow.model_validate(r) for r in rows]
