"""Who may do what: roles of the director API (DESIGN.md "HTTP API").

`director` decides for their own centers; `hr_admin` sees and decides for every center of the
organisation; `auditor` reads audit and history but never decides; `service` only delivers webhooks.
Center scoping is separate from the role: a principal outside a thread's center must not learn the thread
exists (the API answers 404, not 403).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal, get_args

Role = Literal["director", "hr_admin", "auditor", "service"]
Permission = Literal[
    "webhook.ingest",
    "approvals.read",
    "approvals.decide",
    "audit.read",
    "history.read",
    "rollout.read",
    "rollout.write",
    "metrics.read",
    "reports.read",
    "reports.file",
    "events.read",
    "events.retry",
    "skills.read",
    "skills.assign",
]
ROLES: tuple[Role, ...] = get_args(Role)
ALL_CENTERS = "*"

# How long a token lives when its creator names no lifetime. Tokens held by people expire, so a token
# left in a laptop's shell history or an old password manager stops working on its own; a service token
# (a machine's, rotated by its operator) may live until revoked.
DEFAULT_TOKEN_LIFETIME: dict[Role, timedelta | None] = {
    "director": timedelta(days=90),
    "hr_admin": timedelta(days=90),
    "auditor": timedelta(days=90),
    "service": None,
}
# Roles whose tokens must expire: a director's token never lives "until revoked".
MUST_EXPIRE: frozenset[Role] = frozenset({"director"})

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    "director": frozenset(
        {
            "approvals.read",
            "approvals.decide",
            "audit.read",
            "history.read",
            "rollout.read",
            "metrics.read",
            "reports.read",
            "reports.file",
            "events.read",
            "events.retry",
            "skills.read",
            "skills.assign",
        }
    ),
    "hr_admin": frozenset(
        {
            "approvals.read",
            "approvals.decide",
            "audit.read",
            "history.read",
            "rollout.read",
            "rollout.write",
            "metrics.read",
            "reports.read",
            "reports.file",
            "events.read",
            "events.retry",
            "skills.read",
            "skills.assign",
        }
    ),
    "auditor": frozenset(
        {
            "audit.read",
            "history.read",
            "rollout.read",
            "approvals.read",
            "metrics.read",
            "reports.read",
            "events.read",
        }
    ),
    # A service token is a machine's: it delivers webhooks and may scrape /metrics.
    "service": frozenset({"webhook.ingest", "metrics.read"}),
}


def action_words(permission: str) -> str:
    """A permission as the words of a refusal: "skills.read" -> "read skills" ("role auditor may not
    read skills" instead of "may not skills read")."""
    noun, _, verb = permission.partition(".")
    return f"{verb} {noun}" if verb else noun


@dataclass(frozen=True)
class Principal:
    """The caller behind a bearer token."""

    id: str
    role: Role
    centers: frozenset[str]

    @property
    def all_centers(self) -> bool:
        return self.role == "hr_admin" or ALL_CENTERS in self.centers

    def can(self, permission: Permission) -> bool:
        return permission in PERMISSIONS[self.role]

    def sees_center(self, center_id: str) -> bool:
        return self.all_centers or center_id in self.centers

    def sees_any(self, center_ids: Iterable[str]) -> bool:
        return any(self.sees_center(c) for c in center_ids)
