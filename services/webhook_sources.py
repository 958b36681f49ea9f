"""Webhook sources: who may send webhooks, with which secret, for which centers (DESIGN.md "Webhooks").

The Standard Webhooks signature is what authenticates a delivery: each source has its own secret, and the
secret that verifies a delivery names the source, whose centers the event must belong to. A rotation
issues a new secret and keeps the previous one working for a grace period (the spec's two active
secrets), so a sender can switch without dropping deliveries. The configured PROCARE_AI_WEBHOOK_SECRET is
the built-in source `default`, for every center.
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from psycopg_pool import AsyncConnectionPool

from checkpoints import webhook_sources as store
from checkpoints.webhook_sources import SourceRow, SourceSecret
from policies.errors import InvalidInput
from policies.rbac import ALL_CENTERS
from services.errors import Conflict, Forbidden, NotFound
from services.shared_reads import SharedRead
from services.tokens import parse_lifetime

DEFAULT_SOURCE = "default"
DEFAULT_GRACE = "24h"
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,62}")

__all__ = [
    "DEFAULT_SOURCE",
    "DeliverySecrets",
    "SourceRow",
    "SourceSecret",
    "add_source",
    "check_center",
    "list_sources",
    "new_secret",
    "rotate_secret",
    "secrets_for_delivery",
]


def new_secret() -> str:
    """A fresh Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


async def add_source(pool: AsyncConnectionPool, name: str, centers: Iterable[str], *, now: datetime) -> str:
    """Register a sender that may speak for `centers` (`*`: all); returns its first secret (shown once)."""
    name = name.strip()
    if not _NAME.fullmatch(name) or name == DEFAULT_SOURCE:
        raise InvalidInput(
            f"source name {name!r}: lower-case letters, digits, '.', '_' or '-' (not {DEFAULT_SOURCE!r})"
        )
    center_list = sorted({c.strip() for c in centers if c.strip()})
    if not center_list:
        raise InvalidInput("a webhook source needs at least one --center (or '*' for every center)")
    secret = new_secret()
    if not await store.insert_source(pool, name, center_list, secret, now=now):
        raise Conflict(f"a webhook source named {name!r} exists; rotate its secret instead")
    return secret


async def rotate_secret(
    pool: AsyncConnectionPool, name: str, *, now: datetime, grace: str = DEFAULT_GRACE
) -> str:
    """A new secret for source `name`; the previous one keeps verifying for `grace` (e.g. 24h, or 0m to
    stop it at once), older ones stop now. Returns the new secret (shown once)."""
    lifetime = (
        timedelta(0)
        if grace.strip() in ("0", "0m", "0h")
        else parse_lifetime(grace, option="--grace", never=False)
    )
    if lifetime is None:
        raise InvalidInput("--grace must be a duration (e.g. 24h); an old secret cannot live forever")
    secret = new_secret()
    if not await store.add_secret(pool, name, secret, now=now, grace_until=now + lifetime):
        raise NotFound(f"no webhook source named {name!r}")
    return secret


async def list_sources(pool: AsyncConnectionPool, *, now: datetime) -> list[SourceRow]:
    """Every source with its centers, how many secrets verify now and when the old one stops."""
    return await store.list_sources(pool, now=now)


async def secrets_for_delivery(
    pool: AsyncConnectionPool, *, now: datetime, configured: str | None
) -> list[SourceSecret]:
    """Every secret a delivery may be signed with at `now`: the configured one (source `default`, every
    center) first, then each source's active secrets."""
    stored = await store.active_secrets(pool, now=now)
    if configured is None:
        return stored
    return [SourceSecret(DEFAULT_SOURCE, frozenset({ALL_CENTERS}), configured), *stored]


class DeliverySecrets:
    """`secrets_for_delivery` for many concurrent deliveries: their reads are shared (services.shared_reads),
    each still from a read begun after the delivery arrived, so a rotation counts from the next delivery."""

    def __init__(self, pool: AsyncConnectionPool) -> None:
        self.pool = pool
        self.reads: SharedRead[datetime, list[SourceSecret]] = SharedRead(self._fetch)

    async def _fetch(self, nows: frozenset[datetime]) -> dict[datetime, list[SourceSecret]]:
        stored = await store.active_secrets(self.pool, now=min(nows))
        return {now: [s for s in stored if s.active_at(now)] for now in nows}

    async def for_delivery(self, *, now: datetime, configured: str | None) -> list[SourceSecret]:
        """As `secrets_for_delivery`: the configured secret first, then each source's active at `now`."""
        stored = await self.reads.get(now) or []
        if configured is None:
            return stored
        return [SourceSecret(DEFAULT_SOURCE, frozenset({ALL_CENTERS}), configured), *stored]


def check_center(source: SourceSecret, center_id: str) -> None:
    """Forbidden unless the source that signed a delivery may speak for the event's center."""
    if ALL_CENTERS not in source.centers and center_id not in source.centers:
        raise Forbidden(f"webhook source {source.source!r} may not deliver events for center {center_id}")
