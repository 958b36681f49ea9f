"""`procare-ai shadow --center ID --weeks N [--json]`: replay a center's past weeks read-only and print,
per workflow, precision and recall against what its directors actually did (services.shadow)."""

from __future__ import annotations

import json
import sys
from datetime import time
from typing import Annotated

import typer
from rich.table import Table

from procare_ai.cli.app import app, console, load_settings, operator, run
from procare_ai.wiring import open_services
from services.shadow import shadow_center


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


@app.command()
@run
async def shadow(
    center: Annotated[str, typer.Option(help="The center to replay.")],
    weeks: Annotated[int, typer.Option(help="How many past weeks (1-12).")] = 4,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Replay past weeks read-only and score the findings against what directors did (stored as a shadow
    run: a center leaves read_only only after one)."""
    settings = load_settings()
    async with open_services(settings) as services:
        report = await shadow_center(
            services, operator(), center, weeks, scan_at=time.fromisoformat(settings.scan_local_time)
        )
    if as_json:
        sys.stdout.write(json.dumps(report.as_json()) + "\n")
        return
    console.print(
        f"shadow run {report.run_id}: {report.center_id}, {report.weeks} week(s) from "
        f"{report.window_start:%Y-%m-%d} to {report.window_end:%Y-%m-%d}, {report.events} events replayed"
    )
    table = Table("workflow", "proposed", "directors did", "matched", "precision", "recall")
    for s in report.scores:
        table.add_row(
            s.workflow, str(s.proposed), str(s.acted), str(s.matched), _pct(s.precision), _pct(s.recall)
        )
    console.print(table)
    for s in report.scores:
        for label, keys in (
            ("proposed, not done", s.false_positives),
            ("done, not proposed", s.false_negatives),
        ):
            if keys:
                console.print(f"  {s.workflow} {label}: " + "; ".join(" ".join(k) for k in keys))
