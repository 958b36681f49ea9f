"""The graph's live dependencies, and the one provider its nodes take them from.

The run context (graph.context.GraphContext) holds JSON knobs only, so a LangGraph server can build it
from a request. What a node needs that is not data (the Procare connection, the drafter, where rollout
phases come from, the clock, the alert channel, the workflows' cross-run ledger) is a `Dependencies`,
built once per process from settings by the wiring (procare_ai.wiring), opened and closed with the
process, and used by the worker, the API, the CLI and tests alike.

Nodes call `current()`. The caller that drives the graph binds its dependencies for the run with
`use(deps)` (services.runner.GraphRunner does, so two runners in one process, as in tests, never mix);
a process that runs the graph without such a caller, a LangGraph server, installs a process default with
`install(...)` when it starts and drops it with `uninstall()` when it stops (procare_ai.studio's lifespan).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from agents.common.ledger import AlertLedger, MemoryLedger
from agents.common.llm import Drafter, OfflineDrafter
from agents.common.types import Event
from policies.errors import InvalidInput
from policies.rollout import DEFAULT_PHASE, Phase
from tools.protocols import Procare

Clock = Callable[[], datetime]
Notifier = Callable[[str], Awaitable[Any]]


def utc_now() -> datetime:
    """The wall clock, in UTC: the production `Clock` (tests pass a fixed one)."""
    return datetime.now(UTC)


class RolloutSource(Protocol):
    """Where the phase of a (center, workflow) comes from (Postgres in the service, a dict in tests)."""

    async def phase(self, center_id: str, workflow: str) -> Phase: ...


@dataclass
class StaticRollout:
    """Phases from a mapping `{(center_id, workflow): phase}`; `("*", workflow)` matches every center."""

    phases: dict[tuple[str, str], Phase] = field(default_factory=dict)
    default: Phase = DEFAULT_PHASE

    async def phase(self, center_id: str, workflow: str) -> Phase:
        return self.phases.get((center_id, workflow)) or self.phases.get(("*", workflow)) or self.default


@dataclass(kw_only=True)
class Dependencies:
    """Everything live a graph run uses. The clock is the only source of "now" for every node and agent."""

    procare: Procare
    drafter: Drafter
    rollout: RolloutSource
    clock: Clock = utc_now
    notifier: Notifier | None = None
    ledger: AlertLedger = field(default_factory=MemoryLedger)
    """What workflows remember across runs and workers (alerts sent, deferred proposals, staff room
    events): Postgres in the service (checkpoints.ratio_ledger), so N workers behave as one; in memory
    for tests and a LangGraph server without a database. Nothing else survives a run but its checkpoint."""
    model_off_centers: frozenset[str] = frozenset()
    """Centers whose data never goes to the model (PROCARE_AI_MODEL_OFF_CENTERS): their runs draft with
    the offline templates only. A process setting, not a run knob, so no run request can lift it."""

    def drafter_for(self, center_id: str) -> Drafter:
        """The drafter a run at `center_id` may use: the offline one for a center kept off the model."""
        return OfflineDrafter() if center_id in self.model_off_centers else self.drafter

    def as_of(self, event: Event, override: str | None = None) -> datetime:
        """The instant a run judges by, taken once when it starts and recorded in its state: `override`
        (an RFC 3339 instant: a replay's recorded `as_of`), else a scan's scheduled instant (its event's
        `occurred_at`), else the clock now. The one place a run's time comes from; agents derive each
        center's local date from it (agents.common.types.AgentContext.local_date), never a UTC date."""
        if override:
            return parse_instant(override, "as_of")
        if event.type.startswith("scan."):
            return aware(event.occurred_at)
        return aware(self.clock())


def aware(stamp: datetime) -> datetime:
    """`stamp` with a time zone (a naive one is taken as UTC, as Procare's timestamps are)."""
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def parse_instant(value: str, name: str) -> datetime:
    """An RFC 3339 instant with its offset, or InvalidInput naming `name`."""
    try:
        stamp = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"{name} must be an RFC 3339 instant, e.g. 2026-11-02T15:00:00Z, not {value!r}"
        ) from None
    if stamp.tzinfo is None:
        raise InvalidInput(f"{name} needs a UTC offset, e.g. 2026-11-02T15:00:00Z, not {value!r}")
    return stamp


_bound: ContextVar[Dependencies | None] = ContextVar("procare_ai_dependencies", default=None)
_installed: list[Callable[[], Dependencies]] = []


@contextmanager
def use(deps: Dependencies) -> Iterator[Dependencies]:
    """Bind `deps` for the graph runs started inside this block (and the tasks they spawn)."""
    token = _bound.set(deps)
    try:
        yield deps
    finally:
        _bound.reset(token)


def install(provider: Callable[[], Dependencies]) -> None:
    """Set this process's default provider (a LangGraph server, which drives the graph itself)."""
    _installed[:] = [provider]


def uninstall() -> None:
    """Drop this process's default provider (a LangGraph server shutting down): later runs fail clearly."""
    _installed.clear()


def current() -> Dependencies:
    """The dependencies of the running graph: those bound by its caller, else the process default."""
    deps = _bound.get()
    if deps is not None:
        return deps
    if _installed:
        return _installed[0]()
    raise RuntimeError(
        "no graph dependencies: run the graph through services.runner.GraphRunner, or install a provider "
        "with graph.deps.install(...) (procare_ai.studio's lifespan does this in a LangGraph server)"
    )
