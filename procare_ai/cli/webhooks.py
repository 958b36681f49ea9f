"""`procare-ai webhooks add-source|rotate|list`: who may send webhooks, with which secret, for which
centers. The secrets are printed once, when made; `list` never shows them. These touch only the project's
tables, so they need no Procare key."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from graph.deps import utc_now
from procare_ai.cli.app import console, load_settings, run, webhooks_app
from procare_ai.wiring import open_pool_only
from services import webhook_sources


@webhooks_app.command("add-source")
@run
async def add_source(
    name: str,
    center: Annotated[list[str], typer.Option(help="A center this sender may speak for; repeat, or '*'.")],
) -> None:
    """Register a webhook sender and print its Standard Webhooks secret (whsec_..., shown once)."""
    async with open_pool_only(load_settings()) as pool:
        secret = await webhook_sources.add_source(pool, name, center, now=utc_now())
    console.print(secret, markup=False, highlight=False)


@webhooks_app.command("rotate")
@run
async def rotate(
    name: str,
    grace: Annotated[
        str, typer.Option(help="How long the previous secret keeps verifying (e.g. 24h, 7d; 0m: stop now).")
    ] = webhook_sources.DEFAULT_GRACE,
) -> None:
    """Issue a new secret for a source; the previous one keeps working for --grace, older ones stop."""
    async with open_pool_only(load_settings()) as pool:
        secret = await webhook_sources.rotate_secret(pool, name, now=utc_now(), grace=grace)
    console.print(secret, markup=False, highlight=False)


def _when(t: datetime | None) -> str:
    return "-" if t is None else t.isoformat(timespec="seconds")


@webhooks_app.command("list")
@run
async def list_sources() -> None:
    """List webhook sources: centers, active secrets and when a rotated-out secret stops (never secrets)."""
    settings = load_settings()
    async with open_pool_only(settings) as pool:
        rows = await webhook_sources.list_sources(pool, now=utc_now())
    table = Table("source", "centers", "active secrets", "old secret until", "last rotated", "created")
    if settings.webhook_secret is not None:
        table.add_row(webhook_sources.DEFAULT_SOURCE, "*", "1 (PROCARE_AI_WEBHOOK_SECRET)", "-", "-", "-")
    for r in rows:
        table.add_row(
            r.name,
            ", ".join(r.centers),
            str(r.active_secrets),
            _when(r.old_secret_expires_at),
            _when(r.rotated_at),
            _when(r.created_at),
        )
    console.print(table)
