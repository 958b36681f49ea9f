"""Concurrent lookups of one kind share one round trip, and none is answered from a stale read.

Every webhook needs the active webhook secrets (and, when one is sent, its bearer token) before its
signature can be checked. A cache would answer a rotation or a revocation late; a query per delivery
costs a round trip per delivery. Here a lookup joins the next read, one that has not started yet: while
a read is in flight, every lookup that arrives waits for the one after it, which asks for all their keys
at once. So each lookup is answered by a read that began after it was asked (a secret rotated or a token
revoked before a delivery arrived is never honoured for it), and a burst of N deliveries costs a few
round trips instead of N. Up to `max_in_flight` reads run at once, so a lookup seldom waits behind one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Fetch = Callable[[frozenset[K]], Awaitable[Mapping[K, V]]]
MAX_IN_FLIGHT = 2
"""Reads at once: a lookup waits for a read in flight to end only when this many are; fewer, and it
starts its own at once (sharing it with whoever arrives before that read begins)."""


class SharedRead(Generic[K, V]):
    """`get(key)`: the value `fetch` reads for `key` (None: it found none) in a read begun after the call."""

    def __init__(self, fetch: Fetch[K, V], *, max_in_flight: int = MAX_IN_FLIGHT) -> None:
        self._fetch = fetch
        self.max_in_flight = max_in_flight
        self._next: tuple[set[K], asyncio.Future[Mapping[K, V]]] | None = None
        self._readers: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.reads = 0
        """Reads sent (tests and benchmarks compare it with the lookups answered)."""

    async def get(self, key: K) -> V | None:
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (tests): nothing of an old one is waited for here
            self._loop, self._next, self._readers = loop, None, set()
        if self._next is None:
            future: asyncio.Future[Mapping[K, V]] = loop.create_future()
            future.add_done_callback(_retrieve)
            self._next = (set(), future)
        keys, future = self._next
        keys.add(key)
        if len(self._readers) < self.max_in_flight:
            reader = loop.create_task(self._read())
            self._readers.add(reader)
            reader.add_done_callback(self._readers.discard)
        # shielded: one caller going away must not cancel the read the others wait for
        return (await asyncio.shield(future)).get(key)

    async def _read(self) -> None:
        while self._next is not None:
            keys, future = self._next
            self._next = None
            self.reads += 1
            try:
                found = await self._fetch(frozenset(keys))
            except Exception as exc:  # every lookup of this read fails with it (the API answers 503)
                if not future.done():
                    future.set_exception(exc)
            except BaseException as exc:
                if not future.done():
                    future.set_exception(RuntimeError(f"read stopped: {exc!r}"))
                raise
            else:
                if not future.done():
                    future.set_result(found)


def _retrieve(future: asyncio.Future[Any]) -> None:
    """Mark a read's error as seen even when every caller of it went away (no 'never retrieved' noise)."""
    if not future.cancelled():
        future.exception()
