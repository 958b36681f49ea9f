"""Agency reports an incident requires, tracked until a director marks them filed.

The incidents workflow finds each required report (licensing or child protection) with its deadline
from the state's rule (policies.incidents); the runner stores it (checkpoints.licensing_reports). Here:
listing them for the caller's centers, marking one filed (once; a director of its center or HR), and the
overdue sweep, which announces each open report past its deadline once on the alert channel.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from checkpoints import licensing_reports as store
from checkpoints.licensing_reports import ReportRow
from policies.errors import InvalidInput
from policies.rbac import Principal
from services.context import Services
from services.errors import Conflict, Forbidden, NotFound

log = logging.getLogger(__name__)

Status = Literal["open", "filed", "all"]
STATUSES: tuple[Status, ...] = ("open", "filed", "all")
MAX_REFERENCE = 200


async def list_reports(
    services: Services, principal: Principal, *, status: str = "open", center: str | None = None
) -> list[ReportRow]:
    """Tracked reports of the caller's centers (or one of them), open ones first, soonest due first."""
    if status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}, got {status!r}")
    if center is not None and not principal.sees_center(center):
        return []
    centers = [center] if center is not None else sorted(principal.centers)
    rows = await store.listing(
        services.pool,
        centers=centers,
        all_centers=center is None and principal.all_centers,
        status=status,
    )
    return [r for r in rows if principal.sees_center(r.center_id)]


async def mark_filed(
    services: Services,
    principal: Principal,
    report_id: str,
    *,
    reference: str | None = None,
    filed_at: datetime | None = None,
) -> ReportRow:
    """Record that the report was filed with its agency: by whom, when (default now) and its reference."""
    if not principal.can("reports.file"):
        raise Forbidden(f"role {principal.role} may not mark agency reports filed")
    row = await store.one(services.pool, report_id)
    if row is None or not principal.sees_center(row.center_id):
        raise NotFound(f"no agency report {report_id}")
    if row.filed_at is not None:
        raise Conflict(f"report {report_id} was already marked filed at {row.filed_at:%Y-%m-%d %H:%M %Z}")
    now = services.now()
    when = filed_at or now
    if when.tzinfo is None or when.utcoffset() is None:
        raise InvalidInput("filed_at needs a UTC offset")
    if when > now:
        raise InvalidInput("filed_at cannot be in the future")
    if reference is not None and len(reference) > MAX_REFERENCE:
        raise InvalidInput(f"reference is at most {MAX_REFERENCE} characters")
    filed = await store.mark_filed(services.pool, report_id, at=when, by=principal.id, reference=reference)
    if filed is None:
        raise Conflict(f"report {report_id} was already marked filed")
    return filed


@dataclass
class OverdueSweep:
    """What one sweep did: reports announced as overdue, and those whose message failed."""

    alerted: list[str] = field(default_factory=list)
    undelivered: list[str] = field(default_factory=list)


async def alert_overdue(services: Services) -> OverdueSweep:
    """Announce each open report past its deadline once (claimed first, so two sweeps never both do)."""
    result = OverdueSweep()
    now = services.now()
    for row in await store.overdue(services.pool, now):
        if not await store.claim_overdue(services.pool, row.report_id, at=now):
            continue
        result.alerted.append(row.report_id)
        text = (
            f"[critical] OVERDUE: the {row.kind.replace('_', '-')} report to {row.agency} for incident "
            f"{row.incident_id} at {row.center_id} was due {row.due_at:%Y-%m-%d %H:%M} UTC and is not marked "
            f"filed ({row.citation}). Report {row.report_id}."
        )
        notifier = services.deps.notifier
        if notifier is None:
            continue
        try:
            await notifier(text)
        except Exception as exc:  # the alert channel is the outside world
            log.warning("overdue report %s not announced: %s", row.report_id, exc)
            result.undelivered.append(row.report_id)
    return result
