"""API tokens: issuing (rules of roles, labels, centers and lifetimes), rotating, revoking, and who a
bearer token is.

Every token may expire (`expires_in`; people's tokens get policies.rbac.DEFAULT_TOKEN_LIFETIME when none
is named, and a director's always expires); an expired token answers Unauthorized like a revoked one, but
says so. Rotation swaps a label's token for a new one in one transaction, keeping its role and centers.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from psycopg_pool import AsyncConnectionPool

from checkpoints import tokens as store
from checkpoints.tokens import LabelledToken, LiveToken, TokenRow
from policies.errors import InvalidInput
from policies.rbac import DEFAULT_TOKEN_LIFETIME, MUST_EXPIRE, ROLES, Principal, Role
from services.errors import Conflict, NotFound, Unauthorized
from services.shared_reads import SharedRead

TOKEN_PREFIX = "pcai_"
NEVER = "never"
_UNITS = {"m": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}
_LIFETIME = re.compile(r"(\d{1,5})([mhdw])")
MAX_LIFETIME = timedelta(days=3 * 366)

__all__ = [
    "NEVER",
    "LiveToken",
    "TokenCheck",
    "TokenRow",
    "authenticate",
    "create_token",
    "list_tokens",
    "parse_lifetime",
    "revoke_token",
    "rotate_token",
]


def parse_lifetime(text: str, *, option: str = "--expires-in", never: bool = True) -> timedelta | None:
    """`90d`, `12h`, `30m`, `2w` as a duration; `never` as None (no expiry). InvalidInput (naming the
    `option` it came from) otherwise; its hint offers 'never' only where the option takes it (`never`)."""
    text = text.strip().lower()
    if text == NEVER:
        return None
    match = _LIFETIME.fullmatch(text)
    if match is None:
        hint = "90d, 12h, 30m, 2w or 'never'" if never else "24h, 30m, 2d or 0m"
        raise InvalidInput(f"{option} {text!r}: say e.g. {hint}")
    lifetime = int(match.group(1)) * _UNITS[match.group(2)]
    if lifetime <= timedelta(0) or lifetime > MAX_LIFETIME:
        raise InvalidInput(f"{option} {text!r}: a lifetime is between 1 minute and 3 years")
    return lifetime


def _expiry(role: Role, expires_in: str | None, now: datetime) -> datetime | None:
    lifetime = DEFAULT_TOKEN_LIFETIME[role] if expires_in is None else parse_lifetime(expires_in)
    if lifetime is None and role in MUST_EXPIRE:
        raise InvalidInput(f"a {role} token must expire; give --expires-in e.g. 90d")
    return None if lifetime is None else now + lifetime


async def create_token(
    pool: AsyncConnectionPool,
    role: str,
    centers: Iterable[str],
    label: str,
    *,
    now: datetime,
    expires_in: str | None = None,
) -> str:
    """Create a token and return the raw value (shown once; only its hash is kept).

    `label` names the holder (e.g. "maria.lopez") and becomes the principal id; it must be unique among
    live tokens. Directors and auditors need at least one center; hr_admin sees every center anyway.
    `expires_in` (`90d`, `never`, ...) defaults to the role's lifetime.
    """
    if role not in ROLES:
        raise InvalidInput(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    label = label.strip()
    if not label:
        raise InvalidInput("a token needs a label naming its holder (it is recorded as the reviewer)")
    center_list = sorted({c.strip() for c in centers if c.strip()})
    if role in ("director", "auditor") and not center_list:
        raise InvalidInput(f"a {role} token needs at least one --center (or '*' for all centers)")
    expires_at = _expiry(role, expires_in, now)  # type: ignore[arg-type]
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    inserted = await store.insert_token(
        pool,
        raw,
        role,
        center_list,
        label,
        now=now,
        expires_at=expires_at,  # type: ignore[arg-type]
    )
    if not inserted:
        raise Conflict(f"a live token labelled {label!r} exists; rotate it, revoke it or pick another label")
    return raw


async def rotate_token(
    pool: AsyncConnectionPool, label: str, *, now: datetime, expires_in: str | None = None
) -> str:
    """Replace the live token of `label` with a new one (same role and centers); the old one stops
    working at once. The new token lives `expires_in`, else as long as the old one was given, else the
    role's default. NotFound when the label has no live token."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)

    def lifetime_of(old: LabelledToken) -> datetime | None:
        if expires_in is not None or old.expires_at is None:
            return _expiry(old.role, expires_in, now)
        return now + (old.expires_at - old.created_at)

    if await store.replace_token(pool, label, raw, now=now, lifetime_of=lifetime_of) is None:
        raise NotFound(f"no live token labelled {label!r}")
    return raw


async def revoke_token(pool: AsyncConnectionPool, label: str, *, now: datetime) -> None:
    """Revoke the live token with this label (NotFound if there is none)."""
    if not await store.revoke_label(pool, label, now=now):
        raise NotFound(f"no live token labelled {label!r}")


async def list_tokens(pool: AsyncConnectionPool) -> list[TokenRow]:
    """Every token ever issued, oldest first, revoked ones included."""
    return await store.list_tokens(pool)


async def authenticate(pool: AsyncConnectionPool, raw: str | None, *, now: datetime) -> Principal:
    """The principal of a live, unexpired bearer token at `now` (recording its use), or Unauthorized."""
    if not raw:
        raise Unauthorized(MISSING)
    return _judged(await store.live_token(pool, raw, now=now), now)


MISSING = "missing bearer token: send 'Authorization: Bearer <token>'"


def _judged(token: LiveToken | None, now: datetime) -> Principal:
    if token is None:
        raise Unauthorized("unknown or revoked token")
    if token.expires_at is not None and token.expires_at <= now:
        raise Unauthorized(f"token expired at {token.expires_at.isoformat()}; ask for a new one")
    return token.principal


class TokenCheck:
    """`authenticate` for many concurrent requests (webhook senders): their token reads are shared
    (services.shared_reads), each still from a read begun after the request arrived, so a revocation
    counts from the next request. The read records nothing; a use is recorded (at most once a minute
    per token) only once the token is accepted, so a caller may start the read early."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self.pool = pool
        self.reads: SharedRead[str, LiveToken] = SharedRead(self._fetch)
        self._recorded: dict[int, datetime] = {}

    async def _fetch(self, hashes: frozenset[str]) -> dict[str, LiveToken]:
        return await store.live_tokens(self.pool, hashes)

    async def lookup(self, raw: str) -> LiveToken | None:
        """The unrevoked token of `raw`, from a read begun now (judge it with `accept`)."""
        return await self.reads.get(store.hash_token(raw))

    async def accept(self, token: LiveToken | None, *, now: datetime) -> Principal:
        """The principal of a looked-up token live and unexpired at `now` (its use recorded), or
        Unauthorized."""
        principal = _judged(token, now)
        assert token is not None
        last = max((t for t in (token.last_used_at, self._recorded.get(token.id)) if t), default=None)
        if last is None or (now - last).total_seconds() >= 60:
            self._recorded[token.id] = now
            await store.touch_token(self.pool, token.id, now=now)
        return principal

    async def authenticate(self, raw: str | None, *, now: datetime) -> Principal:
        """As `authenticate`: the principal of a live, unexpired token at `now`, or Unauthorized."""
        if not raw:
            raise Unauthorized(MISSING)
        return await self.accept(await self.lookup(raw), now=now)
