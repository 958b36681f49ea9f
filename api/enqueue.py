"""How ingest hands an event to the job queue: inside the ingest transaction, or not at all.

procrastinate (3.x) defers a job on a caller-given connection (`task.configure(connection=conn)`), so the
event row and its job row commit together: no "event stored but job missing" window, hence no re-enqueue
sweep. The `Enqueuer` protocol keeps api/ free of the worker's task module; the service plugs in
`ProcrastinateEnqueuer(procare_ai.jobs.run_event)`, tests a recording fake.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from procrastinate.tasks import Task
from psycopg import AsyncConnection

from agents.types import Event

STAFF_KEYS = ("employee_id", "staff_id")


class Enqueuer(Protocol):
    """Queue one graph job for a stored event, on the ingest transaction's connection."""

    async def enqueue(self, event_id: str, thread_id: str, lock: str, conn: AsyncConnection[Any]) -> None: ...


@dataclass
class ProcrastinateEnqueuer:
    """Defers `task(event_id=..., thread_id=...)` with a procrastinate `lock` (one job at a time per key)."""

    task: Task[Any, Any, Any]
    queue: str | None = None

    async def enqueue(self, event_id: str, thread_id: str, lock: str, conn: AsyncConnection[Any]) -> None:
        deferrer = self.task.configure(lock=lock, connection=conn, queue=self.queue)
        await deferrer.defer_async(event_id=event_id, thread_id=thread_id)


def lock_for(event: Event) -> str:
    """The serialisation key of an event's job: per staff member when the event names one, else per center."""
    for key in STAFF_KEYS:
        staff_id = event.data.get(key)
        if isinstance(staff_id, str | int) and str(staff_id):
            return f"staff:{event.center_id}:{staff_id}"
    return f"center:{event.center_id}"
