"""`procare-ai skills match|rebuild|assign|plan|needs`: staff ranked for a center's need from the stored
skills profiles, a proposed assignment to a need (run here, paused at human review), a staff member's
development plan, and the center's own needs that plans check.

The same use case as the API (services.skills), with the CLI operator as the principal. With `--json`,
stdout is exactly one JSON object and logs go to stderr.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from procare_ai.cli.app import (
    console,
    earlier_run_line,
    load_settings,
    needs_app,
    operator,
    print_outcome,
    run,
    skills_app,
)
from procare_ai.wiring import open_services
from services import center_needs, skills, skills_assign, skills_plans
from services.center_needs import CenterNeed
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


@skills_app.command("assign")
@run
async def skills_assign_command(
    need: Annotated[str, typer.Option("--need", help="What the center needs, e.g. 'STEM club lead'.")],
    center: Annotated[str, typer.Option(help="The center the need is at.")],
    staff: Annotated[str | None, typer.Option(help="Propose this staff member, not the best-ranked.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object only.")] = False,
) -> None:
    """Propose a task for the center's director to assign staff to a need; the run pauses at human review
    (decide with `procare-ai approvals decide`). The need is data: it ranks staff, nothing more."""
    async with open_services(load_settings()) as services:
        event = await skills_assign.assignment_event(
            services, operator(), need=need, center_id=center, staff_id=staff
        )
        outcome = await services.runner.start(event)
    if as_json:
        actions = (outcome.request or {}).get("action_requests", [])
        answer = {
            "thread_id": outcome.thread_id,
            "status": outcome.status,
            "candidates": event.data["candidates"],
            "action_requests": actions,
            "findings": [f.summary for f in outcome.state.findings],
        }
        sys.stdout.write(json.dumps(answer) + "\n")
        return
    print_outcome(outcome)
    note = earlier_run_line(outcome, event, "the same request by the same person is one run a day")
    if note:
        console.print(note, soft_wrap=True)


@skills_app.command("plan")
@run
async def skills_plan(
    staff_id: Annotated[str, typer.Argument(help="The Procare employee id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object only.")] = False,
) -> None:
    """A staff member's development plan: gaps against their role's requirements (mandated topics, state
    training hours, credentials), each with its rule, and the approved catalog sessions that close them."""
    async with open_services(load_settings()) as services:
        plan = await skills_plans.development_plan(services, operator(), staff_id)
    answer = skills_plans.plan_dict(plan)
    if as_json:
        sys.stdout.write(json.dumps(answer) + "\n")
        return
    console.print(
        f"{plan.name} ({plan.position}, {plan.role}) at {plan.center_id}, {plan.state}: "
        f"{len(plan.items)} gap(s) on {plan.as_of}",
        markup=False,
    )
    if not plan.items:
        console.print("no gap: every requirement encoded for this role is met", markup=False)
    table = Table("gap", "status", "detail", "course (session, start)", "rule")
    for gap in answer["gaps"]:
        courses = [f"{c['title']} ({c['session_id']}, {c['starts_on']})" for c in gap["courses"]]
        courses += [f"on plan: {c}" for c in gap["on_plan"]]
        table.add_row(
            escape(gap["label"]),
            gap["status"],
            escape(gap["detail"]),
            escape("\n".join(courses) or "no approved course nearby"),
            escape(gap["citation"]),
        )
    if plan.items:
        console.print(table)
    for need in answer["center_needs"]:
        if need["shown"]:
            console.print(
                f"center need {need['need']!r} shown by: {'; '.join(need['reasons'])}", markup=False
            )
    if answer["not_modelled"]:
        console.print(f"Not shown: {'; '.join(answer['not_modelled'])}", markup=False)


def need_json(need: CenterNeed) -> dict[str, Any]:
    return {
        "need_id": need.need_id,
        "center_id": need.center_id,
        "need": need.need,
        "declared_by": need.declared_by,
        "declared_at": need.declared_at.isoformat(),
    }


@needs_app.command("add")
@run
async def needs_add(
    center: Annotated[str, typer.Option(help="The Procare center (School ID) that has the need.")],
    need: Annotated[str, typer.Option("--need", help="What it needs, e.g. 'STEM curriculum support'.")],
) -> None:
    """Declare one of a center's own needs; every development plan of its staff then checks it."""
    async with open_services(load_settings()) as services:
        stored = await center_needs.declare_need(services, operator(), center_id=center, need=need)
    console.print(f"need {stored.need_id} declared at {stored.center_id}: {stored.need}", markup=False)


@needs_app.command("list")
@run
async def needs_list(
    center: Annotated[str | None, typer.Option(help="Only this center.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object only.")] = False,
) -> None:
    """The needs declared, by center, with who declared each and when."""
    async with open_services(load_settings()) as services:
        found = await center_needs.center_needs(services, operator(), center_id=center)
    if as_json:
        sys.stdout.write(json.dumps({"needs": [need_json(n) for n in found]}) + "\n")
        return
    if not found:
        console.print("no center need declared", markup=False)
        return
    table = Table("id", "center", "need", "declared by", "at")
    for n in found:
        table.add_row(
            str(n.need_id), n.center_id, escape(n.need), escape(n.declared_by), n.declared_at.isoformat()
        )
    console.print(table)


@needs_app.command("remove")
@run
async def needs_remove(
    need_id: Annotated[str, typer.Argument(help="The need's id (`skills needs list`).")],
) -> None:
    """Drop a declared need; plans stop checking it."""
    async with open_services(load_settings()) as services:
        gone = await center_needs.remove_need(services, operator(), need_id)
    console.print(f"need {gone.need_id} removed from {gone.center_id}: {gone.need}", markup=False)
