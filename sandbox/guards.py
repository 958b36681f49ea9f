"""Per-request guards: API-key auth and scope, a per-key token bucket, and seeded fault injection.

The clock and the fault RNG are injected so tests count 429s and 500s deterministically, never by timing.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from sandbox.errors import SandboxError


@dataclass(frozen=True)
class Principal:
    """Who is calling: the API key and the schools it may see (None = all)."""

    api_key: str
    schools: frozenset[str] | None

    def allows(self, school_id: str) -> bool:
        return self.schools is None or school_id in self.schools

    def require(self, school_id: str) -> None:
        if not self.allows(school_id):
            raise SandboxError(403, f"this API key may not access school {school_id}")


def authenticate(keys: Mapping[str, frozenset[str] | None], presented: str | None) -> Principal:
    """401 when the header is missing or the key is unknown."""
    if not presented:
        raise SandboxError(401, "missing X-API-Key header")
    if presented not in keys:
        raise SandboxError(401, "unknown API key")
    return Principal(api_key=presented, schools=keys[presented])


class TokenBucket:
    """`rate` tokens a second up to `burst`; `take()` answers the seconds to wait, or 0 when allowed."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float]) -> None:
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens = float(burst)
        self.stamp = clock()

    def take(self) -> float:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


class RateLimiter:
    """One token bucket per API key."""

    def __init__(self, rate: float | None, burst: int | None, clock: Callable[[], float]) -> None:
        self.rate = rate
        self.burst = burst if burst is not None else max(1, math.ceil(rate or 1))
        self.clock = clock
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def check(self, api_key: str) -> None:
        """Raise 429 with Retry-After (whole seconds, at least 1) when the key is over its rate."""
        if self.rate is None:
            return
        with self._lock:
            bucket = self._buckets.get(api_key)
            if bucket is None:
                bucket = self._buckets[api_key] = TokenBucket(self.rate, self.burst, self.clock)
            wait = bucket.take()
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            raise SandboxError(
                429, f"rate limit exceeded; retry in {seconds}s", headers={"Retry-After": str(seconds)}
            )


class FaultInjector:
    """Draws, from a seeded RNG, whether a request fails (500), is slowed, or goes through."""

    def __init__(self, fault_rate: float, slow_rate: float, seed: int) -> None:
        self.fault_rate, self.slow_rate = fault_rate, slow_rate
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.counts = {"fail": 0, "slow": 0, "ok": 0}
        self.writes_down = False
        """Every write answers 503 (a Procare outage of writes only), switched by /_sandbox/faults."""
        self.failing_writes = 0
        """The next this many writes answer `failing_status` (a short outage, or a refusal), set by
        /_sandbox/faults."""
        self.failing_status = 503

    def write_failure(self) -> int | None:
        """The status this write answers instead of running: 503 during an outage, `failing_status`
        while injected failures are left; None when it goes through."""
        with self._lock:
            if self.writes_down:
                return 503
            if self.failing_writes > 0:
                self.failing_writes -= 1
                return self.failing_status
            return None

    @property
    def active(self) -> bool:
        return self.fault_rate > 0 or self.slow_rate > 0

    def draw(self) -> Literal["fail", "slow", "ok"]:
        with self._lock:
            roll = self._rng.random()
            outcome: Literal["fail", "slow", "ok"] = (
                "fail"
                if roll < self.fault_rate
                else "slow"
                if roll < self.fault_rate + self.slow_rate
                else "ok"
            )
            self.counts[outcome] += 1
            return outcome
