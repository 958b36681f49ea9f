"""services.shared_reads: concurrent lookups share a read, and each is answered by a read begun after it."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import pytest

from services.shared_reads import SharedRead


class Store:
    """A backing table whose reads can be held open, to interleave lookups with a read in flight."""

    def __init__(self) -> None:
        self.values: dict[str, int] = {"a": 1, "b": 2}
        self.asked: list[frozenset[str]] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.fail: Exception | None = None

    async def fetch(self, keys: frozenset[str]) -> Mapping[str, int]:
        self.asked.append(keys)
        snapshot = {k: self.values[k] for k in keys if k in self.values}  # what the read sees: now
        await self.gate.wait()
        if self.fail is not None:
            raise self.fail
        return snapshot


async def test_concurrent_lookups_share_one_read() -> None:
    store = Store()
    reads = SharedRead(store.fetch)
    answers = await asyncio.gather(*(reads.get(k) for k in ["a", "b", "a", "c"] * 10))
    assert answers == [1, 2, 1, None] * 10
    assert store.asked == [frozenset({"a", "b", "c"})]


async def test_a_lookup_made_during_a_read_waits_for_the_next_one() -> None:
    """A value changed before a lookup was asked is never answered from an older read."""
    store = Store()
    reads = SharedRead(store.fetch)
    store.gate.clear()
    first = asyncio.create_task(reads.get("a"))
    while not store.asked:  # until the first read has started and holds its snapshot
        await asyncio.sleep(0)
    store.values["a"] = 10  # e.g. a secret rotated while that read is in flight
    second = asyncio.create_task(reads.get("a"))
    store.gate.set()
    assert (await first, await second) == (1, 10)
    assert len(store.asked) == 2


async def test_a_failed_read_fails_its_lookups_and_the_next_read_is_fresh() -> None:
    store = Store()
    reads = SharedRead(store.fetch)
    store.fail = ConnectionError("database gone")
    answers = await asyncio.gather(reads.get("a"), reads.get("b"), return_exceptions=True)
    assert all(isinstance(a, ConnectionError) for a in answers)
    store.fail = None
    assert await reads.get("a") == 1


async def test_a_caller_going_away_does_not_cancel_the_read_of_the_others() -> None:
    store = Store()
    reads = SharedRead(store.fetch)
    store.gate.clear()
    leaving = asyncio.create_task(reads.get("a"))
    staying = asyncio.create_task(reads.get("b"))
    while not store.asked:
        await asyncio.sleep(0)
    leaving.cancel()
    store.gate.set()
    assert await staying == 2
    with pytest.raises(asyncio.CancelledError):
        await leaving


async def test_at_most_max_in_flight_reads_run_and_later_lookups_share_the_next() -> None:
    store = Store()
    reads = SharedRead(store.fetch, max_in_flight=2)
    store.gate.clear()
    first = asyncio.create_task(reads.get("a"))
    while len(store.asked) < 1:
        await asyncio.sleep(0)
    second = asyncio.create_task(reads.get("b"))
    while len(store.asked) < 2:  # a second read starts at once: only one was in flight
        await asyncio.sleep(0)
    later = [asyncio.create_task(reads.get(k)) for k in ("a", "b")]
    for _ in range(5):
        await asyncio.sleep(0)
    assert len(store.asked) == 2  # both reads busy: the later lookups wait together
    store.gate.set()
    assert [await t for t in (first, second, *later)] == [1, 2, 1, 2]
    assert store.asked == [frozenset({"a"}), frozenset({"b"}), frozenset({"a", "b"})]
