"""A small asyncio circuit breaker for the model endpoint: an outage costs at most one timeout per interval.

Why not a library: pybreaker runs coroutines only through tornado, and purgatory (asyncio) lets every
concurrent caller through while half-open and reads the wall clock, so with four runs at once a hanging
model would cost four timeouts per interval, and its tests would have to sleep. This one is what the
drafter needs and no more:

- closed: calls go through; `failure_threshold` failures in a row open it.
- open: calls are refused at once (`BreakerOpen`) until `reset_after` seconds have passed.
- half-open: exactly one trial call goes through; the others are refused while it is in flight. Its
  success closes the breaker, its failure opens it for another interval.
- opening also cuts short the calls still in flight (they waited for a model already known to be down),
  so concurrent runs pay one timeout together, not one each.

The clock is monotonic seconds, passed in (tests step it by hand); it measures an interval, never a date.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from policies.errors import ProcareAIError

T = TypeVar("T")
State = Literal["closed", "open", "half_open"]


class BreakerOpen(ProcareAIError):
    """The breaker refused the call without trying it (open, or a half-open trial already in flight)."""

    code = "breaker_open"


class CallTimedOut(ProcareAIError):
    """The guarded call took longer than the breaker's timeout (or was cut short when it opened)."""

    code = "call_timed_out"


@dataclass
class CircuitBreaker:
    """Guards one dependency (the model endpoint of this process). Not thread-safe: one event loop."""

    name: str
    timeout: float
    """Seconds one call may take before it counts as a failure."""
    reset_after: float = 30.0
    """Seconds the breaker stays open before one trial call is let through."""
    failure_threshold: int = 1
    """Failures in a row that open it (1: the first error or timeout opens it)."""
    clock: Callable[[], float] = time.monotonic
    state: State = "closed"
    failures: int = 0
    opened_at: float | None = None
    calls: int = 0
    """Calls let through to the dependency, for metrics and tests."""
    _trial_in_flight: bool = field(default=False, repr=False)
    _waiting: set[asyncio.Future[None]] = field(default_factory=set, repr=False)
    """One future per call in flight, resolved when the breaker opens (to cut that call short)."""

    def _admit(self) -> bool:
        """Whether the next call may go through, moving open -> half_open once the interval is over;
        True means this call is the half-open trial when the state is half_open."""
        if self.state == "open":
            assert self.opened_at is not None
            if self.clock() - self.opened_at < self.reset_after:
                return False
            self.state = "half_open"
        if self.state == "half_open":
            if self._trial_in_flight:
                return False
            self._trial_in_flight = True
        return True

    def _retry_in(self) -> float:
        if self.state != "open" or self.opened_at is None:
            return 0.0
        return max(0.0, self.reset_after - (self.clock() - self.opened_at))

    def _open(self) -> None:
        self.state, self.opened_at, self.failures = "open", self.clock(), 0
        for waiting in self._waiting:  # wake the calls still in flight: they are cut short
            if not waiting.done():
                waiting.set_result(None)

    def _on_success(self) -> None:
        self.state, self.failures, self.opened_at = "closed", 0, None

    def _on_failure(self) -> None:
        if self.state == "open":  # another call opened it meanwhile
            return
        self.failures += 1
        if self.state == "half_open" or self.failures >= self.failure_threshold:
            self._open()

    async def call(self, fn: Callable[[], Awaitable[T]]) -> T:
        """Run `fn()` under the breaker: its result, or its error; `BreakerOpen` without calling it when
        open; `CallTimedOut` past the timeout or when another call opens the breaker meanwhile."""
        if not self._admit():
            if self.state == "half_open":
                raise BreakerOpen(f"{self.name}: a trial call is in flight after an outage")
            raise BreakerOpen(
                f"{self.name}: circuit open after a failure, next try in {self._retry_in():.0f} s"
            )
        trial = self.state == "half_open"
        self.calls += 1
        tripped: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.add(tripped)
        work: asyncio.Future[T] = asyncio.ensure_future(fn())
        try:
            pending: set[asyncio.Future[Any]] = {work, tripped}
            done, _ = await asyncio.wait(pending, timeout=self.timeout, return_when="FIRST_COMPLETED")
            if work not in done:
                work.cancel()
                self._on_failure()
                if tripped in done:
                    raise CallTimedOut(f"{self.name}: cut short, the circuit opened on another call")
                raise CallTimedOut(f"{self.name}: no answer within {self.timeout:g} s")
            try:
                result = work.result()
            except Exception:
                self._on_failure()
                raise
            self._on_success()
            return result
        finally:
            self._waiting.discard(tripped)
            tripped.cancel()
            if not work.done():
                work.cancel()
            if trial:
                self._trial_in_flight = False
