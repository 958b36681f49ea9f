"""Skills profiles kept in Postgres, and need searches over them.

Agents read and build (agents.skills); this use case stores. A center is read from Procare whole once
(`rebuild_center`); after that a person's row is rebuilt alone when their record changes (the registry's
`PROFILE_REFRESH_EVENTS`, handled by `refresh_for_event` before the event's graph run), so a search reads
one center's rows and never Procare. A stored skills profile was built for one day (credential validity
depends on it); a search on a later day rebuilds it in memory from the stored profile, which is pure.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from agents.common.types import Event, local_date
from agents.registry import PROFILE_REFRESH_EVENTS
from agents.skills import Match, SkillsProfile, default_ranker, skills_profiles
from agents.skills.procare import center_profiles, staff_profile
from agents.skills.validate import limit_value, need_text
from checkpoints import skills_profiles as store
from checkpoints.skills_profiles import StoredProfile
from policies.rbac import Principal
from services.context import Services
from services.errors import Forbidden, NotFound
from tools.errors import ProcareNotFound

log = logging.getLogger(__name__)


def stored_row(profile: dict, day: date, source: str) -> StoredProfile:
    """The row stored for one profile built on `day`: the profile and its skills with their evidence."""
    built = skills_profiles([profile], as_of=day)[0]
    return StoredProfile(profile["staff_id"], profile, built.to_dict(), day, source)


async def rebuild_center(services: Services, center_id: str) -> int:
    """Read every active staff member of a center from Procare and store their profiles; how many."""
    try:
        school = await services.deps.procare.get_school(center_id)
    except ProcareNotFound:
        raise NotFound(f"no center {center_id} in Procare") from None
    today = local_date(services.now(), school.timezone)
    profiles = await center_profiles(services.deps.procare, center_id, today)
    rows = [stored_row(p, today, "rebuild") for p in profiles]
    await store.replace_center(
        services.pool, center_id, rows, timezone=school.timezone, built_for=today, at=services.now()
    )
    log.info("skills profiles of %s rebuilt: %d staff", center_id, len(rows))
    return len(rows)


async def refresh_for_event(services: Services, event: Event) -> str | None:
    """Rebuild (or drop) the one profile an event changed; what was done, or None for other events."""
    employee_id = event.data.get("employee_id")
    if event.type not in PROFILE_REFRESH_EVENTS or not isinstance(employee_id, str) or not employee_id:
        return None
    procare = services.deps.procare
    try:
        employee = await procare.get_employee(employee_id)
    except ProcareNotFound:
        employee = None
    if employee is None or employee.school_id != event.center_id or employee.employment_status != "active":
        removed = await store.remove_staff(services.pool, event.center_id, employee_id)
        return "removed" if removed else "skipped"
    school = await procare.get_school(employee.school_id)
    today = local_date(services.now(), school.timezone)
    profile = await staff_profile(procare, employee, today)
    await store.upsert_staff(
        services.pool, event.center_id, stored_row(profile, today, event.id), at=services.now()
    )
    return "rebuilt"


@dataclass(frozen=True)
class NeedSearch:
    """A need search's answer: who fits, best first, over which centers' stored profiles."""

    centers: list[str]
    need: str
    as_of: date
    matches: list[Match]
    staff_searched: int
    rebuilt: list[str]
    """Centers never read before, read from Procare whole for this search (later searches read rows)."""
    center_of: dict[str, str]
    """Each matched staff id's center."""
    people: dict[str, dict[str, str]]
    """Each matched staff id's name and position, from the stored profile."""


def current_skills(rows: list[StoredProfile], day: date) -> list[SkillsProfile]:
    """The rows' skills profiles for `day`: as stored when built that day, else rebuilt (pure, cached)."""
    current = [SkillsProfile.from_dict(r.skills) for r in rows if r.built_for == day]
    stale = [r.profile for r in rows if r.built_for != day]
    return current + (skills_profiles(stale, as_of=day) if stale else [])


@dataclass(frozen=True)
class _Loaded:
    stamp: str
    day: date
    rows: list[StoredProfile]
    built: list[SkillsProfile]


_LOADED: OrderedDict[tuple[str, str], _Loaded] = OrderedDict()
_LOADED_LOCK = threading.Lock()
LOADED_CENTERS = 64
"""Centers whose rows a process keeps decoded between searches (least recently searched dropped)."""


async def _center_rows(
    services: Services, center: str, day: date
) -> tuple[list[StoredProfile], list[SkillsProfile]]:
    """The center's stored rows and their skills profiles for `day`: decoded again only when a row was
    written since (one small version query per search, checkpoints.skills_profiles.center_stamp), so a
    search never serves rows another worker has replaced. Decoding 200 rows of JSON costs more than the
    ranking itself (bench/skills_search.py)."""
    key = (services.pool.name, center)  # a pool's name is unique in its process (one per database)
    stamp = await store.center_stamp(services.pool, center)
    with _LOADED_LOCK:
        hit = _LOADED.get(key)
        if hit is not None and hit.stamp == stamp and hit.day == day:
            _LOADED.move_to_end(key)
            return hit.rows, hit.built
    rows = await store.load_center(services.pool, center)
    loaded = _Loaded(stamp, day, rows, current_skills(rows, day))
    with _LOADED_LOCK:
        _LOADED[key] = loaded
        _LOADED.move_to_end(key)
        while len(_LOADED) > LOADED_CENTERS:
            _LOADED.popitem(last=False)
    return loaded.rows, loaded.built


async def match_need(
    services: Services, principal: Principal, need: str, *, center_id: str | None = None, limit: int = 10
) -> NeedSearch:
    """Staff ranked for `need` from the stored profiles of one center (or of every stored center the
    caller sees), best first, each reason naming its record. A center never read is read once first."""
    if not principal.can("skills.read"):
        raise Forbidden(f"role {principal.role} may not search staff skills")
    text, count = need_text(need), limit_value(limit)
    if center_id is not None:
        if not principal.sees_center(center_id):
            raise NotFound(f"no center {center_id}")
        centers = [center_id]
    else:
        centers = [c for c in await store.built_centers(services.pool) if principal.sees_center(c)]
        if not centers:
            raise NotFound("no center the caller sees has stored skills profiles yet; name one")
    rebuilt: list[str] = []
    rows: list[StoredProfile] = []
    built: list[SkillsProfile] = []
    center_of: dict[str, str] = {}
    stored: dict[str, StoredProfile] = {}
    day: date | None = None
    for center in centers:
        build = await store.center_build(services.pool, center)
        if build is None:
            await rebuild_center(services, center)
            rebuilt.append(center)
            build = await store.center_build(services.pool, center)
            assert build is not None  # just written
        day = day or local_date(services.now(), build.timezone)
        found, profiles = await _center_rows(services, center, day)
        rows += found
        built += profiles
        center_of.update({r.staff_id: center for r in found})
        stored.update({r.staff_id: r for r in found})
    assert day is not None
    matches = default_ranker().rank(built, text, count)
    return NeedSearch(
        centers=centers,
        need=text,
        as_of=day,
        matches=matches,
        staff_searched=len(rows),
        rebuilt=rebuilt,
        center_of={m.staff_id: center_of[m.staff_id] for m in matches},
        people={
            m.staff_id: {k: str(stored[m.staff_id].profile.get(k) or "") for k in ("name", "position")}
            for m in matches
        },
    )
