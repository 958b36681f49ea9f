"""Health, metrics refresh and rollout views: the operator-facing reads of the service."""

from __future__ import annotations

import logging

import psycopg
from psycopg_pool import PoolTimeout

from api.schemas import HealthOut, RolloutIn, RolloutOut, RolloutRowOut
from api.services import Services
from checkpoints.events import count_by_status
from checkpoints.rollout_store import list_phases, set_phase
from policies.rbac import ALL_CENTERS, Principal
from policies.rollout import DEFAULT_PHASE

log = logging.getLogger(__name__)

THREADS_BY_STATUS = "SELECT status, count(*) AS n FROM audit_threads GROUP BY status"
HEALTH_TIMEOUT_SECONDS = 3.0


async def health(services: Services) -> HealthOut:
    """`SELECT 1` through the shared pool; a failure is reported, not raised."""
    try:
        async with services.pool.connection(timeout=HEALTH_TIMEOUT_SECONDS) as conn:
            await conn.execute("SELECT 1")
    except (psycopg.Error, PoolTimeout) as exc:
        log.warning("health check: database down: %s", exc)
        return HealthOut(status="unavailable", database="down", message=type(exc).__name__)
    return HealthOut(status="ok", database="up")


async def render_metrics(services: Services) -> bytes:
    """Refresh the cross-process gauges from Postgres, then render every metric."""
    m = services.metrics
    try:
        async with services.pool.connection(timeout=HEALTH_TIMEOUT_SECONDS) as conn:
            rows = await (await conn.execute(THREADS_BY_STATUS)).fetchall()
        threads = {r["status"]: int(r["n"]) for r in rows}  # type: ignore[call-overload]
        jobs = await count_by_status(services.pool)
    except (psycopg.Error, PoolTimeout) as exc:
        log.warning("metrics: database unavailable: %s", exc)
        m.database_up.set(0)
        return m.render()
    m.database_up.set(1)
    for status in ("running", "awaiting_review", "done", "failed", *threads):
        m.threads.labels(status).set(threads.get(status, 0))
    m.pending_approvals.set(threads.get("awaiting_review", 0))
    for status, n in jobs.items():
        m.jobs.labels(status).set(n)
    return m.render()


async def rollout_view(services: Services, principal: Principal) -> RolloutOut:
    """Stored phases of the caller's centers plus the all-center defaults."""
    rows = await list_phases(services.pool)
    visible = [r for r in rows if r.center_id == ALL_CENTERS or principal.sees_center(r.center_id)]
    return RolloutOut(
        default_phase=DEFAULT_PHASE, phases=[RolloutRowOut.model_validate(r.model_dump()) for r in visible]
    )


async def update_rollout(services: Services, principal: Principal, body: RolloutIn) -> RolloutRowOut:
    """Set one phase, recording who did it."""
    row = await set_phase(services.pool, body.center_id, body.workflow, body.phase, updated_by=principal.id)
    return RolloutRowOut.model_validate(row.model_dump())
