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


@pytest.mark.parametrize("scope", [None, frozenset({"S1", "S2"})], ids=["all centers", "two centers"])
async def test_keyset_pages_hold_every_row_once_with_the_same_total(
    pool: AsyncConnectionPool, scope: frozenset[str] | None
) -> None:
    whole, total = await audit_index.pending(pool, centers=scope)
    assert total == len(whole) == (5 if scope is None else 4)
    assert [r.updated_at for r in whole] == sorted(r.updated_at for r in whole)  # oldest first
    seen, after = [], None
    while True:
        rows, n = await audit_index.pending(pool, centers=scope, limit=2, after=after)
        assert n == total  # every page, the last one too
        seen += [r.thread_id for r in rows]
        if len(rows) < 2:
            break
        after = (rows[-1].updated_at, rows[-1].thread_id)
    assert seen == [r.thread_id for r in whole]
    past_the_end, n = await audit_index.pending(pool, centers=scope, limit=2, offset=10)
    assert past_the_end == [] and n == total


async def test_every_center_most_urgent_first_and_escalated_only(pool: AsyncConnectionPool) -> None:
    urgent, total = await audit_index.pending(pool, centers=None, urgent_first=True, limit=2, offset=1)
    assert [r.thread_id for r in urgent] == ["live-alert", "early-deadline"] and total == 5
    async with pool.connection() as conn:
        await conn.execute(
            "INSERT INTO approval_escalations (thread_id, center_id, workflow, waiting_since, due_at,"
            " escalated_at, escalated_to) VALUES ('late-deadline', 'S1', 'payroll', now(), now(), now(),"
            " 'hr_admin'), ('early-deadline', 'S1', 'credentials', now(), now(), NULL, NULL)"
        )
    for scope in (None, frozenset({"S1"})):
        escalated, n = await audit_index.pending(pool, centers=scope, escalated=True)
        assert [(r.thread_id, r.escalated_to) for r in escalated] == [("late-deadline", "hr_admin")]
        assert n == 1
    rows, _ = await audit_index.pending(pool, centers=frozenset({"S1"}))
    due = {r.thread_id: r.due_at is not None for r in rows}
    assert due == {"old-no-deadline": False, "late-deadline": True, "early-deadline": True}
