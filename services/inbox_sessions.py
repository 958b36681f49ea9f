"""Signing in to the director inbox: a browser session opened with an API token.

The token is checked once, at sign-in (services.tokens.authenticate); the browser then holds only a random
session id in an HttpOnly cookie, never the token. Each session carries its own CSRF token for the
inbox's forms, ends at sign-out or after `ttl`, and ends at once when its token is revoked or expires.
Time comes from the product clock (`services.now()`).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from checkpoints import inbox_sessions as store
from checkpoints.inbox_sessions import SessionRow
from policies.rbac import Principal
from services.context import Services
from services.errors import Forbidden
from services.tokens import authenticate

__all__ = ["OpenedSession", "SessionRow", "current_session", "sign_in", "sign_out"]


@dataclass(frozen=True)
class OpenedSession:
    """A new session: the cookie value (shown to the browser only) and what the session is."""

    cookie: str
    session: SessionRow


async def sign_in(services: Services, token: str, *, ttl: timedelta) -> OpenedSession:
    """Open a session for the holder of a live token that may read approvals (Unauthorized otherwise)."""
    now = services.now()
    principal: Principal = await authenticate(services.pool, token.strip(), now=now)
    if not principal.can("approvals.read"):
        raise Forbidden(f"a {principal.role} token cannot open the inbox")
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    await store.insert_session(services.pool, cookie, token.strip(), csrf, now, now + ttl)
    return OpenedSession(cookie, SessionRow(principal=principal, csrf_token=csrf, expires_at=now + ttl))


async def current_session(services: Services, cookie: str | None) -> SessionRow | None:
    """The live session of a cookie value, or None (missing, unknown, signed out, expired, token revoked)."""
    if not cookie:
        return None
    return await store.live_session(services.pool, cookie, services.now())


async def sign_out(services: Services, cookie: str | None) -> None:
    if cookie:
        await store.end_session(services.pool, cookie, services.now())
