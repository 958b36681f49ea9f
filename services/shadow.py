"""Shadow mode (issue 18 item 3): replay a center's past weeks read-only through today's rules and agents,
and score what they would have proposed against what its directors actually did in Procare.

The replay runs every day's credential scan and schedule projection, every week's payroll scan and the
center's stored webhook events of those weeks, each judged at its own past instant (`as_of`), on an
in-memory graph: all proposals allowed (phase automation), nothing written (tools.recording answers the
writes locally and the runs stop at human review anyway), no alert sent, no ledger shared with the
service. What directors did is read from Procare: credentials updated, payroll corrected, staff moved and
tasks created in the window, minus the records procare-ai itself wrote (write_results). policies.shadow
scores each workflow. The run is stored (shadow_runs): a center leaves read_only only with one.

Limits, said plainly: Procare is read as it is now, so a record a director changed since is seen changed;
reviews, onboarding and incidents are not scored (no director action in Procare to compare with).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from langgraph.checkpoint.memory import InMemorySaver

from agents.common.ledger import MemoryLedger
from agents.common.llm import OfflineDrafter
from agents.common.types import Event, Proposal
from agents.registry import WORKFLOW_FOR_EVENT, WORKFLOWS
from checkpoints import events as event_store
from checkpoints import shadow_runs
from graph.builder import build_graph
from graph.deps import StaticRollout
from policies.errors import InvalidInput
from policies.rbac import Principal
from policies.shadow import COMPARED, Key, Score, score
from services.context import Services
from services.errors import NotFound
from services.runner import GraphRunner
from tools.recording import RecordingWrites

MAX_WEEKS = 12
SCHEDULE_AT = time(5, 0)
"""When a day's schedule is projected (before the daily scans, as a published schedule would be)."""
REPLAYED_WORKFLOWS = frozenset({"credentials", "payroll", "ratios"})


@dataclass(frozen=True)
class ShadowReport:
    run_id: int
    center_id: str
    weeks: int
    window_start: datetime
    window_end: datetime
    events: int
    scores: list[Score]

    def as_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "center_id": self.center_id,
            "weeks": self.weeks,
            "window_start": self.window_start.isoformat(),
            "window_end": self.window_end.isoformat(),
            "events": self.events,
            "scores": [asdict(s) for s in self.scores],
        }


def replay_events(center_id: str, zone: str, days: list[date], scan_at: time) -> list[Event]:
    """The scheduled work of `days` at a center: each day's schedule projection and credential scan, and
    each whole week's payroll scan the morning after it ends, each at its local instant."""
    tz = ZoneInfo(zone)
    out: list[Event] = []
    for day in days:
        at = datetime.combine(day, SCHEDULE_AT, tzinfo=tz)
        out.append(
            Event(
                id=f"shadow-schedule-{center_id}-{day}",
                type="schedule.published",
                occurred_at=at,
                center_id=center_id,
                data={"date": day.isoformat()},
            )
        )
        out.append(
            Event(
                id=f"shadow-scan-credentials-{center_id}-{day}",
                type="scan.credentials",
                occurred_at=datetime.combine(day, scan_at, tzinfo=tz),
                center_id=center_id,
            )
        )
    for first in range(0, len(days) - 6, 7):
        start, end = days[first], days[first + 6]
        out.append(
            Event(
                id=f"shadow-scan-payroll-{center_id}-{start}",
                type="scan.payroll",
                occurred_at=datetime.combine(end + timedelta(days=1), scan_at, tzinfo=tz),
                center_id=center_id,
                data={"pay_period_start": start.isoformat(), "pay_period_end": end.isoformat()},
            )
        )
    return sorted(out, key=lambda e: e.occurred_at)


def proposal_keys(proposal: Proposal) -> dict[str, Key]:
    """The keys (policies.shadow.COMPARED) one proposal counts under."""
    args = proposal.args
    keys: dict[str, Key] = {}
    if proposal.action == "create_staff_move":
        keys["ratios"] = (str(args.get("employee_id")), str(args.get("date")))
    elif proposal.action == "patch_payroll":
        keys["payroll"] = (str(args.get("employee_id")),)
    elif proposal.workflow == "credentials" and proposal.staff_ids:
        keys["credentials"] = (proposal.staff_ids[0],)
    if proposal.action == "create_task":
        who = args.get("related_employee_id") or args.get("assignee_employee_id")
        if who:
            keys["tasks"] = (str(who),)
    return keys


def _instant(value: object) -> str:
    """An instant as one canonical UTC string, whether Procare's JSON or a parsed datetime."""
    try:
        stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return stamp.astimezone(UTC).isoformat() if stamp.tzinfo else stamp.isoformat()


def _within(stamp: datetime, window: tuple[datetime, datetime]) -> bool:
    return window[0] <= stamp < window[1]


async def directors_actions(
    services: Services, center_id: str, window: tuple[datetime, datetime]
) -> dict[str, set[Key]]:
    """What directors did at the center in the window, per compared workflow (AI writes left out)."""
    procare = services.deps.procare
    ai = await shadow_runs.ai_written(services.pool, center_id)
    ai_ids = {str(v) for _, r in ai for k, v in r.items() if k in ("task_id", "move_id")}
    ai_stamps = {
        (str(r.get("credential_id") or r.get("employee_id")), str(r.get("updated_at"))) for _, r in ai
    }
    acted: dict[str, set[Key]] = {name: set() for name in COMPARED}
    async for cred in procare.iter_credentials(school_id=center_id):
        stamp = (cred.credential_id, _instant(cred.updated_at))
        if _within(cred.updated_at, window) and stamp not in ai_stamps:
            acted["credentials"].add((cred.employee_id,))
    async for task in procare.iter_tasks(school_id=center_id):
        who = task.related_employee_id or task.assignee_employee_id
        if who and _within(task.created_at, window) and task.task_id not in ai_ids:
            acted["tasks"].add((who,))
    for move in await procare.list_staff_moves(school_id=center_id):
        if _within(move.created_at, window) and move.move_id not in ai_ids:
            acted["ratios"].add((move.employee_id, move.date.isoformat()))
    async for employee in procare.iter_employees(school_id=center_id):
        async for record in procare.iter_payroll(employee.employee_id):
            stamp = (employee.employee_id, _instant(record.updated_at))
            if _within(record.updated_at, window) and record.adjustments and stamp not in ai_stamps:
                acted["payroll"].add((employee.employee_id,))
    return acted


async def shadow_center(
    services: Services, principal: Principal, center_id: str, weeks: int, *, scan_at: time
) -> ShadowReport:
    """Replay `weeks` past weeks of a center read-only, score them, store the run and return it."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput(f"--weeks must be 1 to {MAX_WEEKS}")
    if not principal.sees_center(center_id):
        raise NotFound(f"no center {center_id}")
    deps = services.deps
    school = await deps.procare.get_school(center_id)
    now = services.now()
    window = (now - timedelta(weeks=weeks), now)
    today = now.astimezone(ZoneInfo(school.timezone)).date()
    days = [today - timedelta(days=n) for n in range(weeks * 7, 0, -1)]
    planned = replay_events(center_id, school.timezone, days, scan_at)
    stored = await event_store.listing(
        services.pool, status=None, centers=[], all_centers=True, center=center_id, limit=10_000
    )
    planned += [
        s.event
        for s in stored
        if _within(s.event.occurred_at, window) and WORKFLOW_FOR_EVENT.get(s.event.type) in REPLAYED_WORKFLOWS
    ]
    shadow_deps = replace(
        deps,
        procare=RecordingWrites(deps.procare, clock=deps.clock),
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", name): "automation" for name in WORKFLOWS}),
        notifier=None,
        ledger=MemoryLedger(),
    )
    graph = build_graph(InMemorySaver())
    proposed: dict[str, set[Key]] = {name: set() for name in COMPARED}
    for event in sorted(planned, key=lambda e: e.occurred_at):
        context = replace(services.runner.context, as_of=event.occurred_at.isoformat())
        outcome = await GraphRunner(graph, context, shadow_deps).start(
            event.model_copy(update={"id": f"shadow-{now:%Y%m%d%H%M%S}-{event.id}"})
        )
        for proposal in outcome.state.proposals:
            if proposal.id in outcome.state.pending:
                for name, key in proposal_keys(proposal).items():
                    proposed[name].add(key)
    acted = await directors_actions(services, center_id, window)
    scores = [score(name, proposed[name], acted[name]) for name in COMPARED]
    result = {"events": len(planned), "scores": [asdict(s) for s in scores]}
    row = await shadow_runs.record(
        services.pool,
        center_id=center_id,
        weeks=weeks,
        window=window,
        ran_by=principal.id,
        ran_at=now,
        result=result,
    )
    return ShadowReport(row.id, center_id, weeks, window[0], window[1], len(planned), scores)
