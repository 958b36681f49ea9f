"""checkpoints.leg on the real Postgres: a leg's first round trip (lock, latest checkpoint, journaled
decision) and its checkpointer, which answers the latest checkpoint from that row, keeps LangGraph's
writes until the leg's closing transaction, and commits them first when anything else is read."""

from __future__ import annotations

import asyncio
from typing import Any

import psycopg
import pytest
from langgraph.checkpoint.base import empty_checkpoint
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

from checkpoints.db import open_pool
from checkpoints.leg import LegSaver, finish_leg, open_leg
from checkpoints.locks import lock_thread, unlock_thread
from graph.serde import make_serializer

pytestmark = pytest.mark.integration

THREAD = "S1:evt-leg"


def _config(checkpoint_id: str | None = None) -> Any:
    conf: dict[str, Any] = {"thread_id": THREAD, "checkpoint_ns": ""}
    if checkpoint_id:
        conf["checkpoint_id"] = checkpoint_id
    return {"configurable": conf}


async def _checkpoints(db: str) -> int:
    async with await psycopg.AsyncConnection.connect(db) as conn:
        row = await (
            await conn.execute("SELECT count(*) FROM checkpoints WHERE thread_id = %s", (THREAD,))
        ).fetchone()
        return int(row[0]) if row else 0


async def _leg(db: str) -> dict[str, Any]:
    pool = await open_pool(db, max_size=2)
    seen: dict[str, Any] = {}
    try:
        async with pool.connection() as conn:
            opened = await open_leg(conn, THREAD, journal=True)
            seen["new"] = (opened.taken, opened.latest, opened.journaled)
            saver = LegSaver(conn, serde=make_serializer(), thread_id=THREAD, latest=opened.latest)
            seen["read_new"] = await saver.aget_tuple(_config())
            checkpoint = empty_checkpoint()
            checkpoint["channel_values"] = {"notes": ["kept"], "count": 1}
            checkpoint["channel_versions"] = {"notes": "1", "count": "1"}
            stored = await saver.aput(_config(), checkpoint, {"step": 1}, {"notes": "1", "count": "1"})
            seen["waiting"] = (saver.pending, await _checkpoints(db))
            # a read of a given checkpoint is not the leg's latest row: it commits the writes first
            again = await saver.aget_tuple(stored)
            seen["read_back"] = None if again is None else again.checkpoint["channel_values"]
            seen["after_read"] = (saver.pending, await _checkpoints(db))
            await finish_leg(conn, THREAD, saver, None)
        async with pool.connection() as conn, pool.connection() as other:
            held = await lock_thread(other, THREAD)
            busy = await open_leg(conn, THREAD, journal=False)
            seen["busy"] = (held.taken, busy.taken, busy.latest)
            await unlock_thread(other, THREAD)
            opened = await open_leg(conn, THREAD, journal=False)
            saver = LegSaver(conn, serde=make_serializer(), thread_id=THREAD, latest=opened.latest)
            latest = await saver.aget_tuple(_config())
            assert latest is not None
            latest.checkpoint["channel_versions"]["count"] = "99"  # LangGraph mutates what it loads
            twice = await saver.aget_tuple(_config())
            assert twice is not None
            seen["latest"] = (
                latest.config,
                twice.checkpoint["channel_values"],
                twice.checkpoint["channel_versions"],
            )
            plain = await AsyncPostgresSaver(conn, serde=make_serializer()).aget_tuple(_config())  # type: ignore[arg-type]
            assert plain is not None
            seen["plain"] = (
                plain.config,
                plain.checkpoint["channel_values"],
                plain.checkpoint["channel_versions"],
                plain.metadata,
            )
            seen["ours_metadata"] = twice.metadata
            await finish_leg(conn, THREAD, saver, None)
    finally:
        await pool.close()
    return seen


def test_a_leg_reads_once_writes_at_its_end_and_commits_before_any_other_read(fresh_db: str) -> None:
    seen = asyncio.run(_leg(fresh_db))
    assert seen["new"] == (True, None, None) and seen["read_new"] is None
    assert seen["waiting"] == (True, 0)  # the checkpoint waits in memory
    assert seen["read_back"] == {"notes": ["kept"], "count": 1}
    assert seen["after_read"] == (False, 1)
    held, taken, latest = seen["busy"]
    assert held and not taken and latest is None  # another connection holds the thread: nothing read
    config, values, versions = seen["latest"]
    assert values == {"notes": ["kept"], "count": 1}
    assert versions == {"notes": "1", "count": "1"}  # each load is a fresh copy
    assert (config, values, versions, seen["ours_metadata"]) == seen["plain"]  # as LangGraph's saver reads it
