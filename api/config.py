"""What the HTTP adapter is configured with: plain values, built from settings by the wiring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pydantic import SecretStr


@dataclass(frozen=True)
class ApiConfig:
    """`webhook_secret`: the configured secret (PROCARE_AI_WEBHOOK_SECRET), the built-in webhook source
    `default` for every center; the other sources and their secrets live in the database."""

    webhook_secret: SecretStr | None
    webhook_tolerance_seconds: int = 300
    inbox_session_ttl: timedelta = timedelta(hours=8)
    """How long an inbox sign-in lasts (then the director signs in again)."""
    inbox_secure_cookie: bool = False
    """Mark the session cookie Secure on plain HTTP too (a TLS proxy in front); HTTPS requests always do."""
