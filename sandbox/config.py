"""Configuration of one sandbox instance: data size and seed, API keys, webhooks, faults and rate limits.

A plain dataclass so tests can build one in a line; `SandboxConfig.validated()` refuses values that would
make the sandbox misbehave silently (a fault share above 1, a webhook URL without a secret).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

DEV_API_KEY = "sandbox-dev-key"

ApiKeys = Mapping[str, frozenset[str] | None]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def normalise_api_keys(
    keys: Mapping[str, Iterable[str] | None] | Iterable[str] | None,
) -> dict[str, frozenset[str] | None]:
    """Accept a mapping key -> school ids (None = every school), a plain list of all-school keys, or None."""
    if keys is None:
        return {DEV_API_KEY: None}
    if isinstance(keys, Mapping):
        return {str(k): (None if v is None else frozenset(v)) for k, v in keys.items()}
    return {str(k): None for k in keys}


@dataclass(frozen=True)
class SandboxConfig:
    """Everything one sandbox needs. Same `seed`, `centers`, `staff_per_center`, `today` -> same data."""

    seed: int = 7
    centers: int = 5
    staff_per_center: int = 20
    today: date = field(default_factory=date.today)
    api_keys: ApiKeys = field(default_factory=lambda: {DEV_API_KEY: None})
    webhook_url: str | None = None
    webhook_secret: str | None = None
    webhook_bearer_token: str | None = None
    """Sent as `Authorization: Bearer ...` with each delivery (procare-ai's `service` token)."""
    webhook_max_attempts: int = 5
    webhook_backoff_seconds: float = 0.5
    webhook_timeout_seconds: float = 5.0
    fault_rate: float = 0.0
    slow_rate: float = 0.0
    slow_seconds: float = 1.0
    fault_seed: int | None = None
    rate_limit: float | None = None
    rate_burst: int | None = None
    center_cache_size: int = 128
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = _utc_now

    def validated(self) -> SandboxConfig:
        """Return self with keys normalised, or raise ValueError naming the bad setting."""
        if self.centers < 1 or self.staff_per_center < 4:
            raise ValueError("a sandbox needs at least 1 center and 4 staff per center")
        if not (0.0 <= self.fault_rate <= 1.0 and 0.0 <= self.slow_rate <= 1.0):
            raise ValueError("fault_rate and slow_rate are shares between 0 and 1")
        if self.fault_rate + self.slow_rate > 1.0:
            raise ValueError("fault_rate + slow_rate must not exceed 1")
        if self.rate_limit is not None and self.rate_limit <= 0:
            raise ValueError("rate_limit is requests per second and must be positive (or None for no limit)")
        if self.webhook_url and not self.webhook_secret:
            raise ValueError("webhook_url needs webhook_secret (whsec_<base64>)")
        if self.webhook_secret is not None and not self.webhook_secret.startswith("whsec_"):
            raise ValueError("webhook_secret must look like whsec_<base64>")
        if self.webhook_max_attempts < 1:
            raise ValueError("webhook_max_attempts must be at least 1")
        if not self.api_keys:
            raise ValueError("at least one API key is needed")
        return replace(self, api_keys=normalise_api_keys(self.api_keys))
