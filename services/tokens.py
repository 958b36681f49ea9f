"""API tokens: issuing (rules of roles, labels and centers), revoking, and who a bearer token is."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from psycopg_pool import AsyncConnectionPool

from checkpoints import tokens as store
from checkpoints.tokens import TokenRow
from policies.errors import InvalidInput
from policies.rbac import ROLES, Principal
from services.errors import Conflict, NotFound, Unauthorized

TOKEN_PREFIX = "pcai_"

__all__ = ["TokenRow", "authenticate", "create_token", "list_tokens", "revoke_token"]


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
    if not await store.insert_token(pool, raw, role, center_list, label):  # type: ignore[arg-type]
        raise Conflict(f"a live token labelled {label!r} exists; revoke it first or pick another label")
    return raw


async def revoke_token(pool: AsyncConnectionPool, label: str) -> None:
    """Revoke the live token with this label (NotFound if there is none)."""
    if not await store.revoke_label(pool, label):
        raise NotFound(f"no live token labelled {label!r}")


async def list_tokens(pool: AsyncConnectionPool) -> list[TokenRow]:
    """Every token ever issued, oldest first, revoked ones included."""
    return await store.list_tokens(pool)


async def authenticate(pool: AsyncConnectionPool, raw: str | None) -> Principal:
    """The principal of a live bearer token, or Unauthorized."""
    if not raw:
        raise Unauthorized("missing bearer token: send 'Authorization: Bearer <token>'")
    principal = await store.principal_for_token(pool, raw)
    if principal is None:
        raise Unauthorized("unknown or revoked token")
    return principal
