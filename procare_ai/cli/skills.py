"""`procare-ai skills match|rebuild`: staff ranked for a center's need, from the stored skills profiles.

The same use case as the API (services.skills), with the CLI operator as the principal. With `--json`,
stdout is exactly one JSON object and logs go to stderr.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from procare_ai.cli.app import console, load_settings, operator, run, skills_app
from procare_ai.wiring import open_services
from services import skills
from services.skills import NeedSearch


def search_json(result: NeedSearch) -> dict[str, Any]:
    """The answer as JSON: the need, the day credentials were judged on, and each match with reasons."""
    return {
        "need": result.need,
        "as_of": result.as_of.isoformat(),
        "centers": result.centers,
        "staff_searched": result.staff_searched,
        "rebuilt": result.rebuilt,
        "matches": [
            {
                "staff_id": m.staff_id,
                "center_id": result.center_of[m.staff_id],
                **result.people.get(m.staff_id, {}),
                "score": round(m.score, 4),
                "reasons": m.reasons,
            }
            for m in result.matches
        ],
    }


@skills_app.command("match")
@run
async def skills_match(
    need: Annotated[str, typer.Option("--need", help="What the center needs, e.g. 'bilingual Spanish'.")],
    center: Annotated[str | None, typer.Option(help="Only this center (default: every stored one).")] = None,
    limit: Annotated[int, typer.Option(help="At most this many people.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object only.")] = False,
) -> None:
    """Rank staff for a need, each with the records (bio, training, credential, language, room) it rests
    on. A center never searched before is read from Procare once and stored."""
    async with open_services(load_settings()) as services:
        result = await skills.match_need(services, operator(), need, center_id=center, limit=limit)
    if as_json:
        sys.stdout.write(json.dumps(search_json(result)) + "\n")
        return
    if not result.matches:
        console.print(f"no one on staff at {', '.join(result.centers)} shows evidence for {result.need!r}")
        return
    table = Table("#", "staff", "name", "score", "why")
    for i, m in enumerate(result.matches, 1):
        who = result.people.get(m.staff_id, {})
        table.add_row(str(i), m.staff_id, who.get("name", ""), f"{m.score:.3f}", "\n".join(m.reasons))
    console.print(table)
    console.print(f"{result.staff_searched} staff searched, credentials judged on {result.as_of}")


@skills_app.command("rebuild")
@run
async def skills_rebuild(
    center: Annotated[str, typer.Option(help="The center to read from Procare again.")],
) -> None:
    """Read a center's staff from Procare again and replace its stored skills profiles."""
    async with open_services(load_settings()) as services:
        count = await skills.rebuild_center(services, center)
    console.print(f"{center}: {count} skills profiles stored")
