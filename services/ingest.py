"""Accepting an event: store it once and queue its run, in one transaction, or not at all.

The API's webhook route, a scheduled scan, `procare-ai scan --enqueue` and the demo all submit events
here. procrastinate (3.x) defers a job on a caller-given connection, so the event row and its job row
commit together: no "event stored but job missing" window, hence no re-enqueue sweep. The `Enqueuer`
protocol keeps this package free of the worker's task module; the worker plugs in procrastinate's
(procare_ai.jobs.ProcrastinateEnqueuer), tests a recording fake. An enqueuer that can also describe its
job as a row (`BatchEnqueuer.job_for`, procrastinate's does) has its events stored by group commit
(services.group_commit): concurrent deliveries share one transaction, each answered once it committed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol

from psycopg import AsyncConnection

from agents.common.redact import redact_event
from agents.common.types import Event
from agents.registry import LIVE_EVENT_TYPES
from checkpoints.events import NewEvent, QueuedJob, store_event
from policies.rbac import Principal
from services.errors import Conflict, Forbidden
from services.runner import thread_id_for
from services.webhook_sources import SourceSecret, check_center

if TYPE_CHECKING:
    from services.context import Services

STAFF_KEYS = ("employee_id", "staff_id")

Lane = Literal["live", "batch"]
"""Which capacity runs an event: `live` (safety alerts in the making, e.g. `attendance.changed`: their own
queue, reserved worker slots, locks of their own) or `batch` (everything else: scans, payroll, ...)."""


class Enqueuer(Protocol):
    """Queue one graph job for a stored event, on the ingest transaction's connection, in its lane."""

    async def enqueue(
        self, event_id: str, thread_id: str, lock: str, conn: AsyncConnection[Any], *, lane: Lane = "batch"
    ) -> None: ...


class BatchEnqueuer(Enqueuer, Protocol):
    """An Enqueuer whose job can be written as a row with its event, by group commit (one statement for
    many events and their jobs) instead of one `enqueue` per event."""

    def job_for(self, event_id: str, thread_id: str, lock: str, *, lane: Lane = "batch") -> QueuedJob: ...


@dataclass(frozen=True)
class IngestResult:
    event_id: str
    thread_id: str
    duplicate: bool


def lane_for(event: Event) -> Lane:
    """`live` for the event types the registry marks live (agents.registry.LIVE_EVENT_TYPES), else `batch`."""
    return "live" if event.type in LIVE_EVENT_TYPES else "batch"


def lock_for(event: Event) -> str:
    """The serialisation key of an event's job: per staff member when the event names one, else per center.

    Live events serialise per center among themselves only (`live:<center>`: one room model per center
    moves in order, a transfer touches two rooms), so a daily scan or a payroll run holding the center's
    batch lock never delays a ratio alert.
    """
    if lane_for(event) == "live":
        return f"live:{event.center_id}"
    for key in STAFF_KEYS:
        staff_id = event.data.get(key)
        if isinstance(staff_id, str | int) and str(staff_id):
            return f"staff:{event.center_id}:{staff_id}"
    return f"center:{event.center_id}"


async def accept_event(
    services: Services,
    event: Event,
    *,
    sender: Principal | None = None,
    source: SourceSecret | None = None,
) -> IngestResult:
    """Store `event` and queue its run; a repeat of the same event id stores and starts nothing.

    `source` is the webhook source whose secret signed the delivery and `sender` the service principal
    of a bearer token sent with it, if any: each may speak only for its centers (Forbidden otherwise).
    An event id already stored for another center is a Conflict (the first center's thread is never
    named to the second). PII in the body (SSN, birth date, home address, SSN-shaped text) is redacted
    before anything is stored (agents.common.redact.redact_event).
    """
    if source is not None:
        check_center(source, event.center_id)
    if sender is not None and sender.centers and not sender.sees_center(event.center_id):
        raise Forbidden(f"this token may not deliver events for center {event.center_id}")
    event = redact_event(event)
    enqueuer = services.enqueuer
    if enqueuer is None:
        raise RuntimeError("no job queue is open: events can be accepted only by the API, a worker or a scan")
    thread_id, lock, lane = thread_id_for(event), lock_for(event), lane_for(event)

    job_for = getattr(enqueuer, "job_for", None)
    if job_for is not None:
        job: QueuedJob = job_for(event.id, thread_id, lock, lane=lane)
        stored_thread, created = await services.group_commit.store(NewEvent(event, thread_id, job))
    else:

        async def enqueue(conn: AsyncConnection[Any]) -> None:
            await enqueuer.enqueue(event.id, thread_id, lock, conn, lane=lane)

        stored_thread, created = await store_event(services.pool, event, thread_id, enqueue=enqueue)
    if not created and stored_thread != thread_id:
        raise Conflict(f"event id {event.id} was already delivered for another center")
    return IngestResult(event_id=event.id, thread_id=stored_thread, duplicate=not created)
