"""`procare-ai licensing list|filed`: the agency reports incidents require, and marking one filed.

The same use cases as the API (services.licensing), with the CLI operator as the principal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from policies.errors import InvalidInput
from procare_ai.cli.app import console, licensing_app, load_settings, operator, run
from procare_ai.wiring import open_services
from services import licensing


@licensing_app.command("list")
@run
async def licensing_list(
    status: Annotated[str, typer.Option(help="open, filed or all.")] = "open",
    center: Annotated[str | None, typer.Option(help="Only this center.")] = None,
) -> None:
    """List agency reports (licensing, child protection) that incidents require, soonest due first."""
    async with open_services(load_settings()) as services:
        rows = await licensing.list_reports(services, operator(), status=status, center=center)
        now = services.now()
    table = Table("report", "center", "incident", "kind", "agency", "due", "filed")
    for r in rows:
        due = f"{r.due_at:%Y-%m-%d %H:%M %Z}" + (" OVERDUE" if r.filed_at is None and r.due_at <= now else "")
        filed = "-" if r.filed_at is None else f"{r.filed_at:%Y-%m-%d %H:%M} by {r.filed_by}"
        table.add_row(r.report_id, r.center_id, r.incident_id, r.kind, r.agency, due, filed)
    console.print(table if rows else f"no {status} agency reports")


@licensing_app.command("filed")
@run
async def licensing_filed(
    report_id: str,
    reference: Annotated[str | None, typer.Option(help="The agency's case or confirmation number.")] = None,
    filed_at: Annotated[
        str | None, typer.Option(help="When it was filed, ISO 8601 with an offset (default: now).")
    ] = None,
    by: Annotated[str, typer.Option(help="Who filed it (recorded as the filer).")] = "cli",
) -> None:
    """Mark an agency report filed: its deadline stops being tracked."""
    when = None
    if filed_at is not None:
        try:
            when = datetime.fromisoformat(filed_at)
        except ValueError:
            raise InvalidInput(f"--filed-at must be ISO 8601, got {filed_at!r}") from None
    async with open_services(load_settings()) as services:
        row = await licensing.mark_filed(
            services, operator(by), report_id, reference=reference, filed_at=when
        )
    console.print(f"{row.report_id}: filed {row.filed_at:%Y-%m-%d %H:%M %Z} by {row.filed_by}")
