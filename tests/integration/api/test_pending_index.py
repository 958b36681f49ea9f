"""Listing what waits for review is one query on the audit index: it needs no checkpoint at all."""

from __future__ import annotations

import pytest

from tests.integration.api.harness import Harness

pytestmark = pytest.mark.integration


async def test_pending_list_is_served_from_the_index_row(harness: Harness) -> None:
    thread = await harness.pending_thread()
    async with harness.services.pool.connection() as conn:
        for table in ("checkpoint_writes", "checkpoint_blobs", "checkpoints"):
            await conn.execute(f"DELETE FROM {table} WHERE thread_id = %s", (thread,))
    listing = await harness.client.get("/approvals", headers=harness.auth("director"))
    mine = next(a for a in listing.json()["items"] if a["thread_id"] == thread)
    assert [a["name"] for a in mine["actions"]] == ["send_message", "create_task"]
    assert mine["staff_ids"] == ["E1"] and mine["center_id"] == "S1"
    other = await harness.client.get("/approvals", headers=harness.auth("director_b"))
    assert thread not in {a["thread_id"] for a in other.json()["items"]}
