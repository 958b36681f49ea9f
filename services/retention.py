"""The retention job's use case: prune the intermediate checkpoints of threads done for long enough.

The age is a setting (`PROCARE_AI_CHECKPOINT_RETENTION_DAYS`); the cut-off comes from the process clock,
never the wall clock read here. See checkpoints/retention.py for what is kept and why the audit answers
the same afterwards.
"""

from __future__ import annotations

from datetime import timedelta

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

from checkpoints import retention
from checkpoints.retention import Pruned
from policies.errors import InvalidInput
from services.context import Services

BATCH = 200
"""Threads per pass: one periodic job prunes a bounded amount and the next one continues."""


async def prune_finished(services: Services, *, older_than: timedelta, limit: int = BATCH) -> Pruned:
    """Prune every `done` thread last changed more than `older_than` ago (up to `limit` per pass)."""
    if older_than < timedelta(0):
        raise InvalidInput("the retention age cannot be negative")
    if not isinstance(services.saver, AsyncPostgresSaver):
        raise InvalidInput("retention needs the Postgres checkpointer")
    now = services.now()
    due = await retention.due_threads(services.pool, finished_before=now - older_than, limit=limit)
    return await retention.prune(services.pool, services.saver, due, at=now)
