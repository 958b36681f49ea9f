"""Director approvals: what waits for whom, one thread's review, and resuming it with decisions.

Center scoping happens here, for the API and the CLI alike: a thread of a center the caller cannot see
is reported as not found, never as forbidden, so its existence does not leak.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from checkpoints import audit_index
from checkpoints.audit_index import PendingFacets, PendingRow, ThreadRow
from policies.errors import InvalidInput
from policies.rbac import Principal
from services.context import Services
from services.errors import NotFound
from services.rollout import require_pilot_reviewer
from services.runner import RunOutcome
from services.write_retries import schedule_if_needed


async def list_pending(
    services: Services,
    principal: Principal,
    *,
    center: str | None = None,
    workflow: str | None = None,
    staff_id: str | None = None,
    escalated: bool = False,
    urgent_first: bool = False,
    limit: int = 200,
    offset: int = 0,
) -> list[PendingRow]:
    """Pending interrupts in the caller's centers, optionally filtered, oldest (or most urgent) first:
    one query. The API, the CLI and the inbox all list through here."""
    page = await pending_page(
        services,
        principal,
        center=center,
        workflow=workflow,
        staff_id=staff_id,
        escalated=escalated,
        urgent_first=urgent_first,
        limit=limit,
        offset=offset,
    )
    return page.items


@dataclass(frozen=True)
class PendingPage:
    """One page of pending reviews, how many match the filters, and the counts of the whole scope."""

    items: list[PendingRow]
    total: int
    offset: int
    limit: int


async def pending_page(
    services: Services,
    principal: Principal,
    *,
    center: str | None = None,
    workflow: str | None = None,
    staff_id: str | None = None,
    escalated: bool = False,
    urgent_first: bool = False,
    limit: int = 200,
    offset: int = 0,
) -> PendingPage:
    """`list_pending` with the number of matches, for paging (the same single query)."""
    if not 1 <= limit <= 500 or offset < 0:
        raise InvalidInput("limit must be 1 to 500 and offset not negative")
    rows, total = await audit_index.pending(
        services.pool,
        centers=_scope(principal),
        center=center,
        workflow=workflow,
        staff_id=staff_id,
        escalated=escalated,
        urgent_first=urgent_first,
        limit=limit,
        offset=offset,
    )
    return PendingPage(rows, total, offset, limit)


@dataclass(frozen=True)
class CursorPage:
    """One page of pending reviews for the API: the items, the cursor of the next page (None on the
    last), and how many reviews wait in all in the caller's scope."""

    items: list[PendingRow]
    next_cursor: str | None
    total: int


def _encode_cursor(row: PendingRow) -> str:
    raw = json.dumps([row.updated_at.isoformat(), row.thread_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        stamp, thread_id = json.loads(raw)
        when = datetime.fromisoformat(stamp)
        if when.tzinfo is None or not isinstance(thread_id, str):
            raise ValueError(cursor)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise InvalidInput(
            "cursor is not one this API gave (take next_cursor from the previous page)"
        ) from None
    return when, thread_id


async def pending_cursor_page(
    services: Services, principal: Principal, *, limit: int = 100, cursor: str | None = None
) -> CursorPage:
    """Pending reviews in the caller's centers, oldest first, a page at a time (`GET /approvals`): the
    cursor is the last row's position, so a page neither skips nor repeats a review when others are
    decided between pages."""
    if not 1 <= limit <= 500:
        raise InvalidInput("limit must be 1 to 500")
    after = _decode_cursor(cursor) if cursor else None
    rows, total = await audit_index.pending(
        services.pool, centers=_scope(principal), limit=limit + 1, after=after
    )
    more = len(rows) > limit
    items = rows[:limit]
    return CursorPage(items, _encode_cursor(items[-1]) if more else None, total)


async def pending_counts(services: Services, principal: Principal) -> PendingFacets:
    """How many reviews wait per center, workflow and staff member in the caller's centers."""
    return await audit_index.pending_facets(services.pool, centers=_scope(principal))


def _scope(principal: Principal) -> frozenset[str] | None:
    return None if principal.all_centers else principal.centers


async def visible_thread(services: Services, principal: Principal, thread_id: str) -> ThreadRow:
    """The thread's index row if the caller may see its center; else the same NotFound as no thread,
    from the same single scoped query, so neither the answer nor its timing tells the two apart."""
    row = await audit_index.visible_thread(services.pool, thread_id, centers=_scope(principal))
    if row is None:
        raise NotFound(f"no thread {thread_id}")
    return row


async def review(services: Services, principal: Principal, thread_id: str) -> RunOutcome:
    """A visible thread's standing: its state and, while paused, its HITL request."""
    await visible_thread(services, principal, thread_id)
    return await services.runner.outcome(thread_id)


@dataclass(frozen=True)
class Decided:
    """A resumed thread, and how long it had waited for the decision (None if it was not waiting)."""

    outcome: RunOutcome
    waited_seconds: float | None


async def decide(services: Services, principal: Principal, thread_id: str, resume: dict[str, Any]) -> Decided:
    """Resume a visible paused thread with `{"decisions": [...]}`; bad decisions are refused and the
    thread stays paused (so is an action whose targets lie outside the thread's center or the caller's
    centers). The reviewer recorded is the caller; under an active pilot (services.rollout) only its
    reviewers may decide."""
    row = await visible_thread(services, principal, thread_id)
    await require_pilot_reviewer(services.pool, principal, row.center_id, row.workflow)
    waiting_since: datetime | None = row.updated_at if row.status == "awaiting_review" else None
    outcome = await schedule_if_needed(
        services,
        await services.runner.resume(thread_id, resume, reviewer=principal.id, may_see=principal.sees_center),
    )
    waited = None
    if waiting_since is not None:
        waited = max(0.0, (services.now() - waiting_since).total_seconds())
    return Decided(outcome, waited)


async def retry_writes(services: Services, principal: Principal, thread_id: str) -> RunOutcome:
    """A director's retry of a visible thread's writes that failed transiently, with the same idempotency
    keys (so a write lands once however often it is retried). Conflict when the thread has none (done,
    or failed only for good, e.g. a 4xx); NotFound outside the caller's centers. Still failing, the
    thread goes back to the job queue's retries (or stays `failed` past their limit)."""
    await visible_thread(services, principal, thread_id)
    return await schedule_if_needed(services, await services.runner.retry_writes(thread_id))
