"""Operator reads and writes: health, the cross-process counts behind /metrics, and rollout phases."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import psycopg
from psycopg_pool import AsyncConnectionPool, PoolTimeout

from checkpoints import audit_index
from checkpoints.events import count_by_status as jobs_by_status
from checkpoints.rollout_store import PhaseRow, list_phases, set_phase
from policies.rbac import ALL_CENTERS, Principal
from services.context import Services

log = logging.getLogger(__name__)

HEALTH_TIMEOUT_SECONDS = 1.5
"""A health probe or metrics scrape waits this long for a connection, then says the database is down."""
PING = "SELECT 1"


@dataclass(frozen=True)
class Health:
    up: bool
    problem: str | None = None


async def health(services: Services) -> Health:
    """`SELECT 1` through the shared pool; a failure is reported, not raised."""
    try:
        async with services.pool.connection(timeout=HEALTH_TIMEOUT_SECONDS) as conn:
            await conn.execute(PING)
    except (psycopg.Error, PoolTimeout) as exc:
        log.warning("health check: database down: %s", exc)
        return Health(up=False, problem=type(exc).__name__)
    return Health(up=True)


@dataclass(frozen=True)
class Counts:
    """What every worker process did, as Postgres knows it: threads by status, stored events by job."""

    threads: dict[str, int]
    jobs: dict[str, int]


async def counts(services: Services) -> Counts | None:
    """The cross-process counts, or None when the database cannot be read."""
    try:
        threads = await audit_index.count_by_status(services.pool, timeout=HEALTH_TIMEOUT_SECONDS)
        jobs = await jobs_by_status(services.pool, timeout=HEALTH_TIMEOUT_SECONDS)
    except (psycopg.Error, PoolTimeout) as exc:
        log.warning("metrics: database unavailable: %s", exc)
        return None
    return Counts(threads, jobs)


async def rollout_phases(pool: AsyncConnectionPool, principal: Principal) -> list[PhaseRow]:
    """Stored phases of the caller's centers plus the all-center defaults."""
    rows = await list_phases(pool)
    return [r for r in rows if r.center_id == ALL_CENTERS or principal.sees_center(r.center_id)]


async def set_rollout_phase(
    pool: AsyncConnectionPool, principal: Principal, center_id: str, workflow: str, phase: str
) -> PhaseRow:
    """Set one phase (the workflow and phase names checked by policies.rollout), recording who did it."""
    return await set_phase(pool, center_id, workflow, phase, updated_by=principal.id)
