"""`procare-ai events list|retry`: received events and their jobs, and queueing a parked one again.

The same use cases as the API (services.events), with the CLI operator as the principal. Listing reads
only the project's database (no Procare key needed).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from api.responses import EventJobOut
from procare_ai.cli.app import console, events_app, load_settings, operator, run
from procare_ai.wiring import open_queue, open_services
from services import events


@events_app.command("list")
@run
async def events_list(
    status: Annotated[
        str | None, typer.Option(help="queued, running, done or failed (parked after its last attempt).")
    ] = None,
    center: Annotated[str | None, typer.Option(help="Only this center.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many, latest change first.")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List received events and where their jobs stand; `--status failed` shows the parked ones and why."""
    async with open_services(load_settings(), needs_procare=False) as services:
        rows = await events.list_events(services, operator(), status=status, center=center, limit=limit)
    if as_json:
        console.print_json(json.dumps([EventJobOut.model_validate(r).model_dump(mode="json") for r in rows]))
        return
    if not rows:
        console.print(f"no {status + ' ' if status else ''}events")
        return
    table = Table("event", "type", "center", "status", "attempts", "error")
    for r in rows:
        table.add_row(
            r.event_id, r.event_type, r.center_id, r.job_status, str(r.attempts), r.job_error or "-"
        )
    console.print(table)


@events_app.command("retry")
@run
async def events_retry(event_id: str) -> None:
    """Queue a parked (failed) event again, its attempts reset, once the cause of its failures is fixed."""
    settings = load_settings()
    async with open_services(settings, needs_procare=False) as services, open_queue(settings, services):
        row = await events.retry_event(services, operator(), event_id)
    console.print(f"{row.event_id}: queued again (thread {row.thread_id})")
