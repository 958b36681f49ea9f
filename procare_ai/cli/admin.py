"""`procare-ai tokens ...` and `procare-ai rollout ...`: who may call the API, and what each workflow may
propose where. These touch only the project's tables, so they need no Procare key."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer
from rich.table import Table

from graph.deps import utc_now
from procare_ai.cli.app import console, load_settings, operator, pilot_app, rollout_app, run, tokens_app
from procare_ai.wiring import open_pool_only
from services import rollout, tokens

EXPIRES_HELP = (
    "Lifetime, e.g. 90d, 12h, 2w, or 'never' (not for directors). Default: 90d for people's tokens "
    "(director, hr_admin, auditor), none for service tokens."
)


@tokens_app.command("create")
@run
async def tokens_create(
    role: Annotated[str, typer.Option(help="director, hr_admin, auditor or service.")],
    label: Annotated[str, typer.Option(help="Who holds it (becomes the reviewer name in the audit).")],
    center: Annotated[list[str] | None, typer.Option(help="Center the token may see; repeat.")] = None,
    expires_in: Annotated[str | None, typer.Option(help=EXPIRES_HELP)] = None,
) -> None:
    """Create an API token; it is printed once and only its hash is stored."""
    async with open_pool_only(load_settings()) as pool:
        token = await tokens.create_token(
            pool, role, center or [], label, now=utc_now(), expires_in=expires_in
        )
    console.print(token)


@tokens_app.command("rotate")
@run
async def tokens_rotate(
    label: str,
    expires_in: Annotated[
        str | None, typer.Option(help="Lifetime of the new token; default: as long as the old one's.")
    ] = None,
) -> None:
    """Replace the live token of LABEL with a new one (same role and centers); the old one stops at once."""
    async with open_pool_only(load_settings()) as pool:
        token = await tokens.rotate_token(pool, label, now=utc_now(), expires_in=expires_in)
    console.print(token)


def _when(t: datetime | None, none: str) -> str:
    return t.isoformat(timespec="seconds") if t is not None else none


@tokens_app.command("list")
@run
async def tokens_list(
    all_: Annotated[bool, typer.Option("--all", help="Also revoked and expired tokens.")] = False,
) -> None:
    """List tokens: labels, roles, centers, expiry and last use (never the tokens)."""
    now = utc_now()
    async with open_pool_only(load_settings()) as pool:
        rows = await tokens.list_tokens(pool)
    table = Table("label", "role", "centers", "created", "expires", "last used", "state")
    for r in rows:
        expired = r.expires_at is not None and r.expires_at <= now
        state = "revoked" if r.revoked_at else "expired" if expired else "live"
        if state != "live" and not all_:
            continue
        table.add_row(
            r.label,
            r.role,
            ", ".join(r.centers) or "*",
            _when(r.created_at, "-"),
            _when(r.expires_at, "never"),
            _when(r.last_used_at, "never"),
            state,
        )
    console.print(table)


@tokens_app.command("revoke")
@run
async def tokens_revoke(label: str) -> None:
    """Revoke the live token with this label."""
    async with open_pool_only(load_settings()) as pool:
        await tokens.revoke_token(pool, label, now=utc_now())
    console.print(f"revoked {label}")


@rollout_app.command("set")
@run
async def rollout_set(
    center: Annotated[str, typer.Option(help="Center id, or * for every center.")],
    workflow: Annotated[str, typer.Option(help="credentials, payroll, ratios, ...")],
    phase: Annotated[str, typer.Option(help="read_only, assistive or automation.")],
    shadow_run: Annotated[
        int | None, typer.Option(help="The shadow run that justifies leaving read_only (default: latest).")
    ] = None,
) -> None:
    """Set the rollout phase of a workflow in a center (recorded in the rollout history; a center leaves
    read_only only after a shadow run)."""
    async with open_pool_only(load_settings()) as pool:
        row = await rollout.set_rollout_phase(
            pool, operator(), center, workflow, phase, now=utc_now(), shadow_run_id=shadow_run
        )
    console.print(f"{row.center_id} {row.workflow}: {row.phase}")


@rollout_app.command("show")
@run
async def rollout_show() -> None:
    """Show every configured phase (unset pairs are read_only) and the active pilots."""
    async with open_pool_only(load_settings()) as pool:
        view = await rollout.rollout_view(pool, operator())
    table = Table("center", "workflow", "phase", "updated")
    for r in view.phases:
        table.add_row(r.center_id, r.workflow, r.phase, str(r.updated_at))
    console.print(table if view.phases else "no phases set: every workflow is read_only")
    for p in view.pilots:
        if p.ended_at is None:
            console.print(
                f"pilot {p.name}: {p.workflow} {p.phase} at {', '.join(p.centers)}; "
                f"reviewers {', '.join(p.reviewers)}"
            )


@rollout_app.command("history")
@run
async def rollout_history() -> None:
    """Every rollout change, newest first: who, when, from what phase to what."""
    async with open_pool_only(load_settings()) as pool:
        view = await rollout.rollout_view(pool, operator())
    table = Table("when", "who", "center", "workflow", "change", "from", "to", "pilot / shadow run")
    for c in view.history:
        why = c.pilot or (f"shadow run {c.shadow_run_id}" if c.shadow_run_id else "")
        table.add_row(
            str(c.changed_at),
            c.changed_by,
            c.center_id,
            c.workflow,
            c.kind,
            c.from_phase or "-",
            c.to_phase,
            why,
        )
    console.print(table if view.history else "no rollout changes recorded")


@pilot_app.command("start")
@run
async def pilot_start(
    name: Annotated[str, typer.Argument(help="The pilot's name (used once).")],
    workflow: Annotated[str, typer.Option(help="credentials, payroll, ratios, ...")],
    phase: Annotated[str, typer.Option(help="read_only, assistive or automation.")],
    center: Annotated[list[str], typer.Option(help="A center in the pilot; repeat.")],
    reviewer: Annotated[list[str], typer.Option(help="A reviewer (token label) who decides there; repeat.")],
) -> None:
    """Enable a phase for named centers first, decided there by the named reviewers only."""
    async with open_pool_only(load_settings()) as pool:
        pilot = await rollout.start_pilot(
            pool,
            operator(),
            name=name,
            workflow=workflow,
            phase=phase,
            centers=center,
            reviewers=reviewer,
            now=utc_now(),
        )
    console.print(f"pilot {pilot.name}: {pilot.workflow} {pilot.phase} at {', '.join(pilot.centers)}")


@pilot_app.command("end")
@run
async def pilot_end(name: str) -> None:
    """End a pilot: its centers go back to their stored phase."""
    async with open_pool_only(load_settings()) as pool:
        pilot = await rollout.end_pilot(pool, operator(), name, now=utc_now())
    console.print(f"pilot {pilot.name} ended; {', '.join(pilot.centers)} back to their stored phase")
