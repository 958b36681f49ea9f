"""Escalating approvals that wait past their workflow's SLA (policies.sla) to HR.

A periodic job (procare_ai.jobs `escalate_overdue`) calls `sweep`: each pending review gets its due time
the first time it is seen; each one still waiting at its due time is escalated once to the `hr_admin`
role: marked in the index (it shows as overdue, in every queue that can see it, and under the inbox's
"Escalated" filter) and announced on the alert channel (the notifier), when one is configured. Time is
the product clock's.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from checkpoints import escalations as store
from checkpoints.escalations import EscalationRow
from policies.rbac import Principal
from policies.sla import due_at, sla_for
from services.approvals import visible_thread
from services.context import Services

log = logging.getLogger(__name__)

ESCALATE_TO = "hr_admin"


@dataclass
class Sweep:
    """What one sweep did: reviews given a due time, reviews escalated, and messages that failed."""

    scheduled: int = 0
    escalated: list[str] = field(default_factory=list)
    undelivered: list[str] = field(default_factory=list)


async def sweep(services: Services, *, overrides: Mapping[str, timedelta] | None = None) -> Sweep:
    """Give new pending reviews their due time, then escalate those past it (each exactly once)."""
    result = Sweep()
    new = await store.unscheduled(services.pool)
    schedule = []
    for row in new:
        deadline = date.fromisoformat(row.deadline) if row.deadline else None
        schedule.append((row, due_at(sla_for(row.workflow, overrides), row.waiting_since, deadline)))
    await store.schedule(services.pool, schedule)
    result.scheduled = len(schedule)
    now = services.now()
    for item in await store.due(services.pool, now):
        text = (
            f"[overdue] An approval at {item.center_id} ({item.workflow or 'unrouted'}) has waited since "
            f"{item.waiting_since:%Y-%m-%d %H:%M} UTC, past its due time {item.due_at:%Y-%m-%d %H:%M} UTC: "
            f"escalated to HR. Thread {item.thread_id}."
        )
        if not await store.claim(services.pool, item.thread_id, at=now, to=ESCALATE_TO):
            continue  # another sweep escalated it first
        result.escalated.append(item.thread_id)
        if await _notify(services, text, item.thread_id, result):
            await store.mark_notified(services.pool, item.thread_id)
    return result


async def for_thread(services: Services, principal: Principal, thread_id: str) -> EscalationRow | None:
    """A visible thread's due time and escalation, if the sweep has seen it."""
    await visible_thread(services, principal, thread_id)
    return await store.of_thread(services.pool, thread_id)


async def _notify(services: Services, text: str, thread_id: str, result: Sweep) -> bool:
    """Send on the alert channel; a failing channel is logged and recorded, never fails the sweep."""
    notifier = services.deps.notifier
    if notifier is None:
        return False
    try:
        await notifier(text)
    except Exception as exc:  # the alert channel is the outside world
        log.warning("escalation of %s not delivered: %s", thread_id, exc)
        result.undelivered.append(thread_id)
        return False
    return True
