"""Rollout phases: what a workflow may propose in a center, phase by phase (DESIGN.md "Rollout phases").

`read_only` produces findings and reports only; `assistive` may also propose notifications, reminders and
tasks; `automation` may also propose data write-backs. In every phase each write-back still stops at
human review: the phase limits what may be *proposed*, never skips the director.
"""

from __future__ import annotations

from typing import Literal, get_args

from policies.errors import InvalidInput

Phase = Literal["read_only", "assistive", "automation"]
ActionCategory = Literal["notification", "task", "data_write"]
Workflow = Literal["credentials", "payroll", "ratios", "reviews", "onboarding", "skills", "incidents"]

PHASES: tuple[Phase, ...] = get_args(Phase)
WORKFLOWS: tuple[Workflow, ...] = get_args(Workflow)
DEFAULT_PHASE: Phase = "read_only"

ALLOWED_CATEGORIES: dict[Phase, frozenset[ActionCategory]] = {
    "read_only": frozenset(),
    "assistive": frozenset({"notification", "task"}),
    "automation": frozenset({"notification", "task", "data_write"}),
}


def parse_phase(value: str) -> Phase:
    """Validate a phase name from user input with a message that lists the choices."""
    if value not in PHASES:
        raise InvalidInput(f"unknown rollout phase {value!r}; choose one of {', '.join(PHASES)}")
    return value  # type: ignore[return-value]


def parse_workflow(value: str) -> Workflow:
    if value not in WORKFLOWS:
        raise InvalidInput(f"unknown workflow {value!r}; choose one of {', '.join(WORKFLOWS)}")
    return value  # type: ignore[return-value]


def may_propose(phase: Phase, category: ActionCategory) -> bool:
    """Whether a proposal of `category` may reach a director in `phase`."""
    return category in ALLOWED_CATEGORIES[phase]


def phase_allowing(categories: list[ActionCategory]) -> Phase:
    """The first phase in which every one of `categories` may be proposed (what to roll out to)."""
    return next(p for p in PHASES if set(categories) <= ALLOWED_CATEGORIES[p])
