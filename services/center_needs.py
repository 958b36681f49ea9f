"""A center's own needs, declared by its director or HR (`procare-ai skills needs add|list|remove`).

Procare holds no list of what a center needs of its staff ("bilingual Spanish for family communications",
"STEM curriculum support"), so procare-ai keeps one; development plans (services.skills_plans) check each
need against the staff member's skills profile. Declaring or removing a need takes `skills.assign` (the
permission of proposing staff for a need: director, HR) at a center the caller sees; reading takes
`skills.read`. The text is data: redacted like any free text before it is stored, it is matched and quoted,
never obeyed.
"""

from __future__ import annotations

from agents.common.redact import redact_text
from agents.skills.validate import need_text
from checkpoints import center_needs as store
from checkpoints.center_needs import CenterNeed
from policies.errors import InvalidInput
from policies.rbac import Principal
from services.context import Services
from services.errors import Conflict, Forbidden, NotFound
from tools.errors import ProcareNotFound

__all__ = ["CenterNeed", "center_needs", "declare_need", "need_id_value", "remove_need"]


def _storable(text: str) -> str:
    """The need as Postgres text can keep it: no NUL or other control character, no lone surrogate."""
    if any(ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        raise InvalidInput("need holds a control character or a lone surrogate; type plain text")
    return text


async def declare_need(services: Services, principal: Principal, *, center_id: str, need: str) -> CenterNeed:
    """Store one need of a Procare center the caller sees, with who declared it and when."""
    if not principal.can("skills.assign"):
        raise Forbidden(f"role {principal.role} may not declare center needs")
    text = _storable(redact_text(need_text(need)))
    if not principal.sees_center(center_id):
        raise NotFound(f"no center {center_id}")
    try:
        await services.deps.procare.get_school(center_id)
    except ProcareNotFound:
        raise NotFound(f"no center {center_id} in Procare") from None
    stored = await store.add_need(services.pool, center_id, text, declared_by=principal.id, at=services.now())
    if stored is None:
        raise Conflict(f"center {center_id} already declares the need {text!r}")
    return stored


async def center_needs(
    services: Services, principal: Principal, *, center_id: str | None = None
) -> list[CenterNeed]:
    """The needs declared at the centers the caller sees (or at one of them)."""
    if not principal.can("skills.read"):
        raise Forbidden(f"role {principal.role} may not read center needs")
    if center_id is not None and not principal.sees_center(center_id):
        raise NotFound(f"no center {center_id}")
    return [n for n in await store.list_needs(services.pool, center_id) if principal.sees_center(n.center_id)]


def need_id_value(raw: object) -> int:
    """A need id as typed (`skills needs remove 3`): a whole number of at least 1."""
    text = str(raw).strip()
    if not text.isdigit() or int(text) < 1:
        raise InvalidInput(f"need id must be a whole number (see `skills needs list`), not {raw!r}")
    return int(text)


async def remove_need(services: Services, principal: Principal, need_id: object) -> CenterNeed:
    """Drop one declared need of a center the caller sees; the need removed."""
    if not principal.can("skills.assign"):
        raise Forbidden(f"role {principal.role} may not remove center needs")
    number = need_id_value(need_id)
    found = await store.get_need(services.pool, number)
    if (
        found is None
        or not principal.sees_center(found.center_id)
        or not await store.remove_need(services.pool, number)
    ):
        raise NotFound(f"no center need {number}")
    return found
