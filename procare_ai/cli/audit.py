"""`procare-ai audit ...`: read the audit of a staff member, verify the tamper-evident chain, export it.

`procare-ai audit STAFF_ID` (the first form, kept) is `audit staff STAFF_ID`. `verify` and `export` touch
only the project's tables, so they need no Procare key.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text
from typer.core import TyperGroup

from agents.common.wording import humanize
from api.responses import AuditEntryOut
from graph.deps import utc_now
from policies.errors import InvalidInput
from procare_ai.cli.app import app, console, err, load_settings, operator, run
from procare_ai.wiring import open_pool_only, open_services
from services import audit as audit_service
from services import audit_chain


class StaffByDefault(TyperGroup):
    """`audit STAFF_ID` keeps working: a first word that is no sub-command is a staff id for `staff`."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and not args[0].startswith("-") and args[0] not in self.commands:
            args = ["staff", *args]
        return super().parse_args(ctx, args)


audit_app = typer.Typer(
    cls=StaffByDefault,
    help="The audit: by staff member, the tamper-evident chain (verify), and exports for a licensing audit.",
    no_args_is_help=True,
)
app.add_typer(audit_app, name="audit")


@audit_app.command("staff")
@run
async def audit_staff(
    staff_id: str, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False
) -> None:
    """Everything the AI read, proposed and wrote about one staff member, and who decided."""
    async with open_services(load_settings(), needs_procare=False) as services:
        entries = await audit_service.audit(services, operator(), staff_id=staff_id)
    if as_json:
        console.print_json(
            json.dumps([AuditEntryOut.model_validate(e).model_dump(mode="json") for e in entries])
        )
        return
    if not entries:
        console.print(f"no audit entries for {staff_id}")
    for e in entries:
        console.print(
            Text.assemble(
                (e.thread_id, "bold"),
                f" {e.event.type} {humanize(e.workflow or 'unrouted_event')} {humanize(e.status)}",
            ),
            soft_wrap=True,
        )
        for f in e.findings:
            console.print(f"  finding [{f.severity}] {humanize(f.kind)}: {f.summary}", soft_wrap=True)
        for p in e.proposals:
            decision = next((d for d in e.decisions if d.proposal_id == p.id), None)
            result = next((r for r in e.results if r.proposal_id == p.id), None)
            when = decision.decided_at.isoformat(timespec="minutes") if decision else ""
            who = f"{decision.type} by {decision.reviewer} at {when}" if decision else "pending"
            done = "" if result is None else (" -> written" if result.ok else f" -> failed: {result.error}")
            console.print(f"  proposal {p.action}: {who}{done}")


@audit_app.command("verify")
@run
async def audit_verify(
    center: Annotated[str | None, typer.Option(help="Verify one center's chain only.")] = None,
    head: Annotated[
        str | None, typer.Option(help="A head hash from an earlier export: it must still be in the chain.")
    ] = None,
) -> None:
    """Recompute the hash chain over every decision and write-back; exit 1 naming the first broken entry."""
    async with open_pool_only(load_settings()) as pool:
        verification = await audit_chain.verify(pool, operator(), center_id=center, expected_head=head)
    broken = verification.first_break
    if broken is not None:
        err.print(Text.assemble(("audit chain BROKEN", "red"), f" at {broken.describe()}"), soft_wrap=True)
        raise typer.Exit(1)
    total = sum(c.entries for c in verification.centers)
    console.print(f"audit chain intact: {len(verification.centers)} centers, {total} entries")
    for c in verification.centers:
        console.print(f"  {c.center_id}: {c.entries} entries, head #{c.head_seq} {c.head_hash}")


def _instant(value: str, *, end_of_day: bool) -> datetime:
    """An ISO date (midnight UTC; for `--to`, the end of that day) or an ISO instant (UTC if no offset)."""
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            start = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return start + timedelta(days=1) if end_of_day else start
        at = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{value!r} is not an ISO date (YYYY-MM-DD) or instant") from None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


@audit_app.command("export")
@run
async def audit_export(
    center: Annotated[str, typer.Option(help="The center whose chain to export.")],
    since: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD, UTC) or instant.")],
    until: Annotated[str, typer.Option("--to", help="Last day (inclusive) or instant (exclusive).")],
    out: Annotated[
        Path | None,
        typer.Option(help="File stem: writes STEM.csv and STEM.json (default audit-CENTER-FROM-TO)."),
    ] = None,
) -> None:
    """Write a center's chain entries and their records for a window as CSV and JSON, with the head hash."""
    start, end = _instant(since, end_of_day=False), _instant(until, end_of_day=True)
    settings = load_settings()
    async with open_pool_only(settings) as pool:
        exported = await audit_chain.export(pool, operator(), center, start, end, now=utc_now())
    stem = out or Path(f"audit-{center}-{since[:10]}-{until[:10]}")
    written: list[Any] = []
    for suffix, text in ((".json", exported.to_json()), (".csv", exported.to_csv())):
        path = stem.with_name(stem.name + suffix)
        path.write_text(text)
        written.append(path)
    console.print(
        f"{center}: {len(exported.entries)} entries written to {', '.join(map(str, written))}; "
        f"chain head #{exported.chain.head_seq} {exported.chain.head_hash}"
    )
    if exported.chain.broken is not None:
        err.print(
            Text.assemble(("audit chain BROKEN", "red"), f" at {exported.chain.broken.describe()}"),
            soft_wrap=True,
        )
        raise typer.Exit(1)
