"""What the HTTP adapter is configured with: plain values, built from settings by the wiring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pydantic import SecretStr


@dataclass(frozen=True)
class ApiConfig:
    """`webhook_requires_token`: webhooks need a `service` bearer token on top of the signature (the
    default); False for senders that can only sign (the signature still applies)."""

    webhook_secret: SecretStr | None
    webhook_tolerance_seconds: int = 300
    webhook_requires_token: bool = True
    inbox_session_ttl: timedelta = timedelta(hours=8)
    """How long an inbox sign-in lasts (then the director signs in again)."""
    inbox_secure_cookie: bool = False
    """Mark the session cookie Secure on plain HTTP too (a TLS proxy in front); HTTPS requests always do."""
