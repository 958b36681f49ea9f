"""The workflows that exist: each one's name, the event types it handles, its entry point and its scans.

This is the one declaration the rest reads: the supervisor routes by it, the graph builder adds a node per
entry, the worker schedules the daily scans it names, the CLI offers its scan kinds and the demo sets its
rollout phases. Workflow names are the rollout vocabulary of policies.rollout (where phases may also be set
for workflows not built yet); adding a specialist is one entry here.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents import credentials, incidents, onboarding, payroll, ratios, reviews, skills
from agents.common.types import AgentRunFn
from agents.skills import agent as skills_agent
from policies.rollout import Phase, Workflow


@dataclass(frozen=True)
class WorkflowSpec:
    """One specialist workflow."""

    name: Workflow
    run: AgentRunFn
    event_types: frozenset[str]
    """Procare webhook types and internal `scan.<kind>` types the supervisor routes here."""
    scan: str | None = None
    """The scan kind (`procare-ai scan --kind`, event `scan.<kind>`) this workflow answers, if any."""
    daily_scan: bool = False
    """Whether the worker queues that scan every day at each center's local scan time."""
    demo_phase: Phase = "assistive"
    """The phase `procare-ai demo` runs it in: the one that shows what it proposes."""
    live_event_types: frozenset[str] = frozenset()
    """Event types that are safety alerts in the making (a live ratio violation): their runs take the job
    queue's live lane, with reserved worker capacity and locks no batch job holds (procare_ai.jobs)."""


WORKFLOWS: dict[str, WorkflowSpec] = {
    spec.name: spec
    for spec in (
        WorkflowSpec(
            name="credentials",
            run=credentials.run,
            event_types=frozenset(
                {"scan.credentials", "staff.updated", "credential.document_uploaded", "training.completed"}
            ),
            scan="credentials",
            daily_scan=True,
        ),
        WorkflowSpec(
            name="payroll",
            run=payroll.run,
            event_types=frozenset({"timesheet.submitted", "scan.payroll"}),
            scan="payroll",
            demo_phase="automation",
        ),
        WorkflowSpec(
            name="ratios",
            run=ratios.run,
            event_types=frozenset({"attendance.changed", "schedule.published", "ratios.coverage_due"}),
            demo_phase="automation",
            live_event_types=frozenset({"attendance.changed"}),
        ),
        WorkflowSpec(
            name="reviews",
            run=reviews.run,
            event_types=frozenset({"scan.reviews"}),
            scan="reviews",
            daily_scan=True,
        ),
        WorkflowSpec(
            name="onboarding",
            run=onboarding.run,
            event_types=frozenset({"staff.hired", "document.uploaded", "scan.onboarding"}),
            scan="onboarding",
            daily_scan=True,
            demo_phase="automation",
        ),
        WorkflowSpec(
            name="incidents",
            run=incidents.run,
            event_types=frozenset({"incident.reported"}),
        ),
        WorkflowSpec(
            name="skills",
            run=skills.run,
            event_types=skills_agent.EVENT_TYPES,
            scan=skills_agent.SCAN_KIND,
            daily_scan=True,
        ),
    )
}

WORKFLOW_FOR_EVENT: dict[str, str] = {t: spec.name for spec in WORKFLOWS.values() for t in spec.event_types}
"""Routing table by event type (an event type belongs to one workflow at most)."""

LIVE_EVENT_TYPES: frozenset[str] = frozenset(t for spec in WORKFLOWS.values() for t in spec.live_event_types)
"""Every event type that runs in the live lane."""

PROFILE_REFRESH_EVENTS: frozenset[str] = frozenset({"staff.updated", "staff.hired", "training.completed"})
"""Events after which the service rebuilds the one staff member's stored skills profile
(services.skills.refresh_for_event, before the event's own workflow runs); the skills matching it serves
reads those stored profiles instead of Procare."""

FOLLOW_UP_EVENTS: dict[str, str] = {"staff.hired": skills_agent.MANDATED_EVENT}
"""After an event of the key's type has run, the service queues an internal event of the value's type for
the same person (services.runs.queue_follow_up): a new hire's packet is onboarding's, their mandated
training the skills workflow's, and an event type belongs to one workflow only."""

SCAN_KINDS: tuple[str, ...] = tuple(spec.scan for spec in WORKFLOWS.values() if spec.scan)
DAILY_SCANS: tuple[str, ...] = tuple(
    spec.scan for spec in WORKFLOWS.values() if spec.scan and spec.daily_scan
)
