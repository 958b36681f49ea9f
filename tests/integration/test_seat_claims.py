"""Training seat claims on Postgres (checkpoints.seat_claims through RatioLedger): the last seat of a
session goes to one staff member even when several workers claim it at the same moment, the holder is
answered the same again, and a released seat can be claimed by someone else. The in-memory ledger of the
tests answers the same way."""

from __future__ import annotations

import asyncio

import pytest

from agents.common.ledger import AlertLedger, MemoryLedger
from checkpoints.db import open_pool
from checkpoints.ratio_ledger import RatioLedger

pytestmark = pytest.mark.integration


async def rules_hold(ledger: AlertLedger) -> None:
    claim = ledger.claim_seat
    assert await claim("TC-1-01", holder="E1", seats_left=1, center_id="S1", owner="evt-1")
    assert await claim("TC-1-01", holder="E1", seats_left=1, center_id="S1", owner="evt-2")  # same person
    assert not await claim("TC-1-01", holder="E2", seats_left=1, center_id="S2", owner="evt-3")
    assert await claim("TC-1-01", holder="E2", seats_left=2, center_id="S2", owner="evt-3")  # a seat freed
    assert not await claim("TC-1-02", holder="E3", seats_left=0, center_id="S1", owner="evt-4")
    await ledger.release_seat("TC-1-01", holder="E1")
    await ledger.release_seat("TC-1-01", holder="E1")  # twice: nothing left to release
    assert await claim("TC-1-01", holder="E4", seats_left=2, center_id="S1", owner="evt-5")


async def test_the_postgres_and_the_memory_ledger_answer_alike(fresh_db: str) -> None:
    pool = await open_pool(fresh_db, max_size=2)
    try:
        await rules_hold(RatioLedger(pool))
    finally:
        await pool.close()
    await rules_hold(MemoryLedger())


async def test_concurrent_claims_on_the_last_seat_grant_it_once(fresh_db: str) -> None:
    pools = [await open_pool(fresh_db, max_size=2) for _ in range(4)]
    try:
        for round_ in range(5):
            session = f"TC-RACE-{round_}"
            answers = await asyncio.gather(
                *(
                    RatioLedger(pool).claim_seat(
                        session, holder=f"E{n}", seats_left=1, center_id=f"S{n}", owner=f"evt-{n}"
                    )
                    for n, pool in enumerate(pools)
                )
            )
            assert sorted(answers) == [False, False, False, True]
    finally:
        for pool in pools:
            await pool.close()
