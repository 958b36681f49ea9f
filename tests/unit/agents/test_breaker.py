"""The model's circuit breaker: opens on a failure, refuses at once while open, one trial after the interval,
and cuts short the calls in flight when it opens. Time is a hand-stepped monotonic clock."""

from __future__ import annotations

import asyncio

import pytest

from agents.common.breaker import BreakerOpen, CallTimedOut, CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Flaky:
    """A dependency: fails while `down`, hangs while `hanging`, counts the calls it got."""

    def __init__(self) -> None:
        self.down = False
        self.hanging = False
        self.calls = 0

    async def __call__(self) -> str:
        self.calls += 1
        if self.hanging:
            await asyncio.sleep(3600)
        if self.down:
            raise RuntimeError("HTTP 500 from the model")
        return "ok"


def breaker(clock: Clock, **over: float) -> CircuitBreaker:
    return CircuitBreaker(name="model", timeout=over.get("timeout", 0.05), reset_after=30.0, clock=clock)


async def test_first_failure_opens_and_later_calls_are_refused_without_calling() -> None:
    clock, dep = Clock(), Flaky()
    b = breaker(clock)
    assert await b.call(dep) == "ok"
    dep.down = True
    with pytest.raises(RuntimeError, match="HTTP 500"):
        await b.call(dep)
    assert b.state == "open"
    for _ in range(5):
        with pytest.raises(BreakerOpen, match="next try in 30 s"):
            await b.call(dep)
    assert dep.calls == 2


async def test_one_trial_per_interval_then_closes_on_success() -> None:
    clock, dep = Clock(), Flaky()
    b = breaker(clock)
    dep.down = True
    with pytest.raises(RuntimeError):
        await b.call(dep)
    clock.now += 29.9
    with pytest.raises(BreakerOpen):
        await b.call(dep)
    clock.now += 0.2  # interval over: one trial, which fails and opens it again
    with pytest.raises(RuntimeError):
        await b.call(dep)
    assert b.state == "open" and dep.calls == 2
    with pytest.raises(BreakerOpen):
        await b.call(dep)
    clock.now += 31
    dep.down = False
    assert await b.call(dep) == "ok"
    assert b.state == "closed"
    assert await b.call(dep) == "ok" and dep.calls == 4


async def test_a_timeout_counts_as_a_failure() -> None:
    clock, dep = Clock(), Flaky()
    b = breaker(clock)
    dep.hanging = True
    with pytest.raises(CallTimedOut, match=r"no answer within 0\.05 s"):
        await b.call(dep)
    assert b.state == "open"
    with pytest.raises(BreakerOpen):
        await b.call(dep)
    assert dep.calls == 1


async def test_concurrent_calls_pay_one_timeout_together() -> None:
    """Four runs waiting on a hanging model: the first timeout opens the breaker and ends the other
    three at once, and nothing else reaches the model."""
    clock, dep = Clock(), Flaky()
    b = CircuitBreaker(name="model", timeout=0.2, reset_after=30.0, clock=clock)
    dep.hanging = True

    async def later(delay: float) -> str:
        await asyncio.sleep(delay)
        return await b.call(dep)

    results = await asyncio.gather(*(later(i * 0.02) for i in range(4)), return_exceptions=True)
    assert all(isinstance(r, CallTimedOut) for r in results)
    assert sum("cut short" in str(r) for r in results) == 3
    assert dep.calls == 4 and b.state == "open"


async def test_half_open_lets_one_trial_through_and_refuses_the_rest() -> None:
    clock, dep = Clock(), Flaky()
    b = breaker(clock, timeout=1.0)
    dep.down = True
    with pytest.raises(RuntimeError):
        await b.call(dep)
    clock.now += 31
    dep.down, dep.hanging = False, True
    trial = asyncio.ensure_future(b.call(dep))
    await asyncio.sleep(0.01)
    with pytest.raises(BreakerOpen, match="trial call is in flight"):
        await b.call(dep)
    dep.hanging = False
    trial.cancel()
    with pytest.raises(asyncio.CancelledError):
        await trial
    assert dep.calls == 2
    assert await b.call(dep) == "ok"  # the cancelled trial freed the slot
