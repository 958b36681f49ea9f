"""API bearer tokens: only their SHA-256 is stored; the raw token is shown once, at creation.

A token maps to a principal (policies.rbac.Principal): its live label is the principal id (what the audit
records as reviewer), plus a role and the centers it may see. Revoked tokens stop working at once.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime

from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

from policies.rbac import ROLES, Principal, Role
from procare_ai.errors import Conflict, InvalidInput, NotFound

TOKEN_PREFIX = "pcai_"

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


async def create_token(pool: AsyncConnectionPool, role: str, centers: Iterable[str], label: str) -> str:
    """Create a token and return the raw value (shown once; only its hash is kept).

    `label` names the holder (e.g. "maria.lopez") and becomes the principal id; it must be unique among
    live tokens. Directors and auditors need at least one center; hr_admin sees every center anyway.
    """
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    label = label.strip()
    if not label:
        raise InvalidInput("a token needs a label naming its holder (it is recorded as the reviewer)")
    center_list = sorted({c.strip() for c in centers if c.strip()})
    if role in ("director", "auditor") and not center_list:
        raise InvalidInput(f"a {role} token needs at least one --center (or '*' for all centers)")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    async with pool.connection() as conn, conn.transaction():
        if await (await conn.execute(LIVE_LABEL, (label,))).fetchone():
            raise Conflict(f"a live token labelled {label!r} exists; revoke it first or pick another label")
        await conn.execute(INSERT_TOKEN, (hash_token(raw), role, center_list, label))
    return raw


async def principal_for_token(pool: AsyncConnectionPool, raw: str) -> Principal | None:
    """The principal of a live token, or None for an unknown or revoked one."""
    async with pool.connection() as conn:
        row = await (await conn.execute(PRINCIPAL_OF_HASH, (hash_token(raw),))).fetchone()
    if row is None:
        return None
    return Principal(id=row["label"], role=row["role"], centers=frozenset(row["centers"]))  # type: ignore[call-overload]


async def revoke_token(pool: AsyncConnectionPool, label: str) -> None:
    """Revoke the live token with this label (NotFound if there is none)."""
    async with pool.connection() as conn:
        row = await (await conn.execute(REVOKE_LABEL, (label,))).fetchone()
    if row is None:
        raise NotFound(f"no live token labelled {label!r}")


async def list_tokens(pool: AsyncConnectionPool) -> list[TokenRow]:
    """Every token ever issued, oldest first, revoked ones included (for `tokens list`)."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(LIST_TOKENS)).fetchall()
    return [TokenRow.model_validate(r) for r in rows]
