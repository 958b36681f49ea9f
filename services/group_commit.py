"""Group commit for ingest: events arriving together are stored, with their jobs, in one transaction.

A delivery is answered only once its event and job are on disk, and on this path each delivery used to
pay a transaction of its own (pool checkout, BEGIN, INSERT, the queue's defer, COMMIT: four round trips
and a WAL flush). Here a delivery joins the batch that waits for the next commit; one task commits each
batch in one statement (checkpoints.events.store_events) and answers every delivery of it. No timer: a
batch is whatever arrived while the commits in flight (at most `max_in_flight`) were busy, so a lone
delivery is committed at once and a burst shares commits (the busier, the larger the batches, up to
`max_rows`).

A batch fails or succeeds whole. When it fails, each of its deliveries is tried again alone, so a row
the database refuses (answered 422) or a lost connection (503) is answered to its own delivery only and
the rest of the batch is stored. An event id seen twice among the waiting deliveries waits for the next
batch, where it finds the first stored and answers as a duplicate.
"""

from __future__ import annotations

import asyncio
import logging

from psycopg_pool import AsyncConnectionPool

from checkpoints.events import NewEvent, store_events

log = logging.getLogger(__name__)

MAX_IN_FLIGHT = 4
"""Batches committing at once: a delivery waits for a commit in flight only when this many are (Postgres
flushes the WAL of concurrent commits together, so a few at once cost little more than one)."""
MAX_ROWS = 256
"""Most events in one statement: bounds a batch's statement size and the latency it adds to its last row."""

Waiting = tuple[NewEvent, "asyncio.Future[tuple[str, bool]]"]


class GroupCommit:
    """Stores events (with their jobs) for many concurrent deliveries in shared transactions."""

    def __init__(
        self, pool: AsyncConnectionPool, *, max_rows: int = MAX_ROWS, max_in_flight: int = MAX_IN_FLIGHT
    ) -> None:
        self.pool = pool
        self.max_rows = max_rows
        self.max_in_flight = max_in_flight
        self._waiting: list[Waiting] = []
        self._committers: set[asyncio.Task[None]] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.commits = 0
        """Batch statements sent (tests and benchmarks compare it with the events stored)."""

    async def store(self, row: NewEvent) -> tuple[str, bool]:
        """(thread_id, created) of `row` once its batch has committed, as checkpoints.events.store_event
        answers; the error of its own statement if it could not be stored."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a new event loop (tests): nothing of an old one is waited for here
            self._loop, self._waiting, self._committers = loop, [], set()
        future: asyncio.Future[tuple[str, bool]] = loop.create_future()
        self._waiting.append((row, future))
        if len(self._committers) < self.max_in_flight:
            committer = loop.create_task(self._commit_waiting())
            self._committers.add(committer)
            committer.add_done_callback(self._committers.discard)
        return await future

    async def _commit_waiting(self) -> None:
        while self._waiting:
            batch = self._take()
            try:
                await self._commit(batch)
            except BaseException as exc:  # never leave a delivery waiting for ever
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc if isinstance(exc, Exception) else RuntimeError(str(exc)))
                if not isinstance(exc, Exception):
                    raise

    def _take(self) -> list[Waiting]:
        """The next batch: up to `max_rows` waiting deliveries with distinct event ids, oldest first."""
        batch: list[Waiting] = []
        later: list[Waiting] = []
        ids: set[str] = set()
        for item in self._waiting:
            event_id = item[0].event.id
            if len(batch) < self.max_rows and event_id not in ids:
                ids.add(event_id)
                batch.append(item)
            else:
                later.append(item)
        self._waiting = later
        return batch

    async def _commit(self, batch: list[Waiting]) -> None:
        live = [(row, future) for row, future in batch if not future.cancelled()]
        if not live:
            return
        self.commits += 1
        try:
            results = await store_events(self.pool, [row for row, _ in live])
        except Exception as exc:
            if len(live) == 1:
                _answer(live[0][1], exc)
                return
            log.warning("a batch of %d events failed (%s); storing each alone", len(live), type(exc).__name__)
            await asyncio.gather(*(self._alone(row, future) for row, future in live))
            return
        for (_, future), result in zip(live, results, strict=True):
            _answer(future, result)

    async def _alone(self, row: NewEvent, future: asyncio.Future[tuple[str, bool]]) -> None:
        try:
            (result,) = await store_events(self.pool, [row])
        except Exception as exc:
            _answer(future, exc)
        else:
            _answer(future, result)


def _answer(future: asyncio.Future[tuple[str, bool]], outcome: tuple[str, bool] | Exception) -> None:
    if future.done():  # its delivery went away (client gone); its row is stored all the same
        return
    if isinstance(outcome, Exception):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
