"""Retry policy of the Procare client: what is retried, and how long to wait before the next attempt.

Retried: 5xx, 429, timeouts and connection-level errors (writes too, which is safe because every write
carries an Idempotency-Key). Never retried: any other 4xx, which would only fail again. The wait is
exponential backoff with full jitter (AWS's "Full Jitter"), except when the server says `Retry-After`,
which is honoured, capped at `backoff_max` so a hostile or buggy header cannot park a worker for an hour.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from email.utils import parsedate_to_datetime

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.wait import wait_base, wait_random_exponential

SleepFn = Callable[[float], Awaitable[None]]


class RetryableResponse(Exception):
    """Raised inside an attempt for a 429/5xx answer so tenacity retries it; carries the response."""

    def __init__(self, response: httpx.Response, retry_after: float | None) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response
        self.retry_after = retry_after


def is_retryable_status(status: int) -> bool:
    """429 and every 5xx: the request may succeed if sent again later."""
    return status == 429 or status >= 500


def is_retryable_exception(exc: BaseException) -> bool:
    """Retry answers flagged retryable, timeouts, and network/protocol failures from the server side."""
    return isinstance(
        exc, RetryableResponse | httpx.TimeoutException | httpx.NetworkError | httpx.RemoteProtocolError
    )


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header (delta-seconds or HTTP-date); None if absent or bad."""
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = when.timestamp() - (time.time() if now is None else now)
    if seconds != seconds:  # NaN
        return None
    return max(0.0, seconds)


class wait_retry_after_or_full_jitter(wait_base):
    """Wait what `Retry-After` says (capped at `cap`), else a full-jitter exponential backoff."""

    def __init__(self, *, base: float, cap: float) -> None:
        self.cap = cap
        self.jitter = wait_random_exponential(multiplier=base, max=cap)

    def __call__(self, retry_state: RetryCallState) -> float:
        outcome = retry_state.outcome
        exc = outcome.exception() if outcome is not None and outcome.failed else None
        if isinstance(exc, RetryableResponse) and exc.retry_after is not None:
            return min(exc.retry_after, self.cap)
        return float(self.jitter(retry_state))


def build_retrying(
    *,
    max_retries: int,
    backoff_base: float,
    backoff_max: float,
    sleep: SleepFn,
    before_sleep: Callable[[RetryCallState], None] | None = None,
) -> AsyncRetrying:
    """A tenacity controller: `max_retries + 1` attempts in all, the last failure re-raised as is."""
    return AsyncRetrying(
        retry=retry_if_exception(is_retryable_exception),
        stop=stop_after_attempt(max_retries + 1),
        wait=wait_retry_after_or_full_jitter(base=backoff_base, cap=backoff_max),
        sleep=sleep,
        before_sleep=before_sleep,
        reraise=True,
    )
