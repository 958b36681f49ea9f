"""The queue's listing on the audit index (checkpoints.audit_index.pending): most urgent first (a live
alert, then the earliest deadline, then the longest wait), filters by center, workflow and staff member,
counts per facet, and paging with the number of matches, on rows as the runner writes them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from psycopg_pool import AsyncConnectionPool

from checkpoints import audit_index
from checkpoints.db import open_pool

pytestmark = pytest.mark.integration

ROWS = [  # thread, center, workflow, minutes waiting, alert, deadline, staff
    ("old-no-deadline", "S1", "credentials", 300, False, None, ["E1"]),
    ("late-deadline", "S1", "payroll", 60, False, "2026-12-20", ["E2"]),
    ("early-deadline", "S1", "credentials", 30, False, "2026-12-03", ["E1", "E3"]),
    ("live-alert", "S2", "ratios", 5, True, None, ["E4"]),
    ("other-center", "S3", "ratios", 500, True, "2026-12-01", ["E9"]),
]


@pytest.fixture
async def pool(fresh_db: str) -> AsyncIterator[AsyncConnectionPool]:
    pool = await open_pool(fresh_db, max_size=2)
    async with pool.connection() as conn:
        for thread, center, workflow, minutes, alert, deadline, staff in ROWS:
            summary = {"staff_ids": staff, "actions": [{"name": "create_task"}], "alert": alert,
                       "deadline": deadline}  # fmt: skip
            await conn.execute(
                "INSERT INTO audit_threads (thread_id, center_id, event_id, event_type, workflow, status,"
                " request_summary, updated_at) VALUES (%s, %s, %s, 'x', %s, 'awaiting_review', %s,"
                " now() - make_interval(mins => %s))",
                (thread, center, f"evt-{thread}", workflow, json.dumps(summary), minutes),
            )
    yield pool
    await pool.close()


async def test_most_urgent_first_or_oldest_first(pool: AsyncConnectionPool) -> None:
    scope = frozenset({"S1", "S2"})
    urgent, total = await audit_index.pending(pool, centers=scope, urgent_first=True)
    assert [r.thread_id for r in urgent] == [
        "live-alert",
        "early-deadline",
        "late-deadline",
        "old-no-deadline",
    ]
    assert total == 4 and urgent[0].alert and str(urgent[1].deadline) == "2026-12-03"
    oldest, _ = await audit_index.pending(pool, centers=scope)
    assert oldest[0].thread_id == "old-no-deadline"


async def test_filters_counts_and_paging(pool: AsyncConnectionPool) -> None:
    scope = frozenset({"S1", "S2"})
    by_staff, n = await audit_index.pending(pool, centers=scope, staff_id="E1")
    assert {r.thread_id for r in by_staff} == {"old-no-deadline", "early-deadline"} and n == 2
    by_workflow, _ = await audit_index.pending(pool, centers=scope, workflow="payroll")
    assert [r.thread_id for r in by_workflow] == ["late-deadline"]
    by_center, _ = await audit_index.pending(pool, centers=scope, center="S2")
    assert [r.thread_id for r in by_center] == ["live-alert"]
    page2, total = await audit_index.pending(pool, centers=scope, urgent_first=True, limit=3, offset=3)
    assert [r.thread_id for r in page2] == ["old-no-deadline"] and total == 4
    facets = await audit_index.pending_facets(pool, centers=scope)
    assert facets.centers == {"S1": 3, "S2": 1}
    assert facets.workflows == {"credentials": 2, "payroll": 1, "ratios": 1}
    assert facets.staff == {"E1": 2, "E2": 1, "E3": 1, "E4": 1}
    everything = await audit_index.pending_facets(pool, centers=None)
    assert everything.centers["S3"] == 1
