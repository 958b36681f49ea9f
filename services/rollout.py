"""Rollout use cases (issue 18 item 4): phases, pilot groups and their audited history.

A phase change, a pilot's start and its end are each recorded with who, when, from what to what
(checkpoints.rollout_store), and `GET /rollout` shows that history next to the phases. A pilot group
enables a phase for a named set of centers first; while it runs, approvals of its workflow at those
centers are decided by its named reviewers only, so a small group validates the outputs before the
organisation-wide switch. A named center leaves read_only only after a shadow run of it (services.shadow),
whose id the change records; the all-center default `*` is the organisation-wide decision and is not
gated (its centers have no one shadow run).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from psycopg_pool import AsyncConnectionPool

from checkpoints import rollout_store, shadow_runs
from checkpoints.rollout_store import ChangeRow, PhaseRow, PilotRow
from policies.errors import InvalidInput
from policies.rbac import ALL_CENTERS, Principal
from policies.rollout import parse_phase, parse_workflow
from services.errors import Conflict, Forbidden, NotFound

PILOT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class RolloutView:
    """What a caller may see of the rollout: stored phases, pilots and changes of their centers."""

    phases: list[PhaseRow]
    pilots: list[PilotRow]
    history: list[ChangeRow]


def _require_center(principal: Principal, center: str) -> None:
    if center == ALL_CENTERS and not principal.all_centers:
        raise Forbidden("only a caller who sees every center may set the all-center default")
    if not principal.sees_center(center):
        raise Forbidden(f"center {center} is not one of yours")


async def rollout_view(pool: AsyncConnectionPool, principal: Principal) -> RolloutView:
    """Stored phases, pilots and history of the caller's centers plus the all-center defaults."""
    phases = [
        r
        for r in await rollout_store.list_phases(pool)
        if r.center_id == ALL_CENTERS or principal.sees_center(r.center_id)
    ]
    pilots = [p for p in await rollout_store.list_pilots(pool) if principal.sees_any(p.centers)]
    for p in pilots:
        p.centers = [c for c in p.centers if principal.sees_center(c)]
    scope = None if principal.all_centers else sorted(principal.centers)
    return RolloutView(phases, pilots, await rollout_store.history(pool, centers=scope))


async def rollout_phases(pool: AsyncConnectionPool, principal: Principal) -> list[PhaseRow]:
    """Stored phases of the caller's centers plus the all-center defaults."""
    return (await rollout_view(pool, principal)).phases


async def set_rollout_phase(
    pool: AsyncConnectionPool,
    principal: Principal,
    center_id: str,
    workflow: str,
    phase: str,
    *,
    now: datetime,
    shadow_run_id: int | None = None,
) -> PhaseRow:
    """Set one phase (names checked by policies.rollout) of a center the caller sees; recorded with who
    did it, when, and the phase it replaced. A center leaves read_only only after a shadow run of it
    (`shadow_run_id`, else its latest), and the change records which run that was."""
    center = center_id.strip()
    if not center:
        raise InvalidInput(f"a center id is needed (or {ALL_CENTERS!r} for every center)")
    valid_workflow, valid_phase = parse_workflow(workflow), parse_phase(phase)
    _require_center(principal, center)
    justified = None
    leaving = center != ALL_CENTERS and valid_phase != "read_only"
    if leaving and await rollout_store.stored_phase(pool, center, valid_workflow) == "read_only":
        justified = await _shadow_run_for(pool, center, shadow_run_id)
    return await rollout_store.set_phase(
        pool, center, valid_workflow, valid_phase, updated_by=principal.id, at=now, shadow_run_id=justified
    )


async def _shadow_run_for(pool: AsyncConnectionPool, center: str, run_id: int | None) -> int:
    """The shadow run that lets `center` leave read_only, or Conflict saying what to run first."""
    run = (
        await shadow_runs.get(pool, run_id) if run_id is not None else await shadow_runs.latest(pool, center)
    )
    if run is None or run.center_id != center:
        which = (
            f"shadow run {run_id} is not one of {center}" if run_id is not None else "it has no shadow run"
        )
        raise Conflict(
            f"{center} is read_only and {which}: run `procare-ai shadow --center {center} --weeks 4` first "
            "(a center leaves read_only only after a shadow run)"
        )
    return run.id


async def start_pilot(
    pool: AsyncConnectionPool,
    principal: Principal,
    *,
    name: str,
    workflow: str,
    phase: str,
    centers: Sequence[str],
    reviewers: Sequence[str],
    now: datetime,
) -> PilotRow:
    """Enable `phase` of `workflow` for the named centers, decided there by the named reviewers only."""
    if not PILOT_NAME.match(name):
        raise InvalidInput(
            "a pilot name is 1-64 letters, digits, '.', '_' or '-', starting with one of the first two"
        )
    valid_workflow, valid_phase = parse_workflow(workflow), parse_phase(phase)
    wanted = sorted({c.strip() for c in centers if c.strip()})
    people = sorted({r.strip() for r in reviewers if r.strip()})
    if not wanted or ALL_CENTERS in wanted:
        raise InvalidInput("a pilot names its centers (at least one; not '*')")
    if not people:
        raise InvalidInput("a pilot names its reviewers (at least one)")
    for center in wanted:
        _require_center(principal, center)
    pilot, clashes = await rollout_store.start_pilot(
        pool,
        name=name,
        workflow=valid_workflow,
        phase=valid_phase,
        centers=wanted,
        reviewers=people,
        started_by=principal.id,
        at=now,
    )
    if pilot is None:
        raise Conflict("; ".join(clashes))
    return pilot


async def end_pilot(pool: AsyncConnectionPool, principal: Principal, name: str, *, now: datetime) -> PilotRow:
    """End an active pilot: its centers go back to their stored phase (recorded per center)."""
    visible = [p for p in await rollout_store.list_pilots(pool) if p.name == name and p.ended_at is None]
    if not visible or not principal.sees_any(visible[0].centers):
        raise NotFound(f"no active pilot {name}")
    for center in visible[0].centers:
        _require_center(principal, center)
    ended = await rollout_store.end_pilot(pool, name, ended_by=principal.id, at=now)
    if ended is None:
        raise NotFound(f"no active pilot {name}")
    return ended


async def require_pilot_reviewer(
    pool: AsyncConnectionPool, principal: Principal, center_id: str, workflow: str | None
) -> None:
    """Refuse a decision on a center and workflow under an active pilot by anyone but its reviewers."""
    if workflow is None:
        return
    pilot = await rollout_store.active_pilot(pool, center_id, workflow)
    if pilot is not None and principal.id not in pilot.reviewers:
        raise Forbidden(
            f"{workflow} at {center_id} is in pilot {pilot.name}: only its reviewers "
            f"({', '.join(pilot.reviewers)}) decide it"
        )
