"""Operator reads: health and the cross-process counts behind /metrics (rollout: services.rollout)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import psycopg
from psycopg_pool import PoolTimeout

from checkpoints import audit_index
from checkpoints.events import count_by_status as jobs_by_status
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


def sees_whole_service(principal: Principal) -> bool:
    """Whether /metrics may show this caller the whole service: an hr_admin, or a scrape (service)
    token; everyone else sees only their centers' figures (DESIGN.md "HTTP API")."""
    return principal.role in ("hr_admin", "service")


async def counts(services: Services, principal: Principal) -> Counts | None:
    """The cross-process counts the caller may see (the whole service, or only the caller's centers),
    or None when the database cannot be read."""
    scope = None if sees_whole_service(principal) else principal.centers
    if scope is not None and ALL_CENTERS in scope:
        scope = None
    try:
        threads = await audit_index.count_by_status(
            services.pool, timeout=HEALTH_TIMEOUT_SECONDS, centers=scope
        )
        jobs = await jobs_by_status(services.pool, timeout=HEALTH_TIMEOUT_SECONDS, centers=scope)
    except (psycopg.Error, PoolTimeout) as exc:
        log.warning("metrics: database unavailable: %s", exc)
        return None
    return Counts(threads, jobs)
