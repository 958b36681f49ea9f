"""What a workflow must remember across runs, and across workers: the `AlertLedger` protocol.

Agents persist nothing themselves, and nothing lives in process memory: N workers must behave as one (the
same violation alerted once, whichever worker took the event). The facts that span runs are few and are
asked for through this protocol, injected with the run's dependencies (graph.deps.Dependencies.ledger):
Postgres in the service (checkpoints.ratio_ledger), `MemoryLedger` in tests and in a LangGraph server
without a database. Everything else a finding rests on is read from Procare in its own run and kept in
that run's checkpoint.

Every answer is keyed by the `owner` event that asked, so a run that is retried (its job re-run after a
crash, before anything was checkpointed) gets the same answer again: its alert is not lost, its claimed
deferral is not given away.

Training seats (`claim_seat`/`release_seat`): a proposal to assign a course session holds one of the
session's free seats until it is decided, so two runs (or two staff members in one scan) never both propose
the last seat. A claim is per (session, staff member): asked again for the same person it is granted again
(a retry, or the next day's scan re-proposing the same class); a new person gets a seat only while the
claims held are fewer than the seats Procare says are left. `execute` releases the claim once the decision
is final (the assignment written, so Procare counts the seat itself; rejected; or refused for good).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol


@dataclass(frozen=True)
class StaffEvent:
    """A staff member checking into or out of a room, as an attendance event said (Procare's attendance
    lists children only, so these are the room's staff facts that no later read can give back)."""

    event_id: str
    employee_id: str
    minute: int
    checked_in: bool


@dataclass(frozen=True)
class Claims:
    """The answers of one `AlertLedger.claim`: which findings this run alerts, which deferred windows it
    takes."""

    alerted: frozenset[str] = frozenset()
    taken: frozenset[str] = frozenset()
    waiting: frozenset[str] = frozenset()
    """Deferred windows among those asked that nobody has taken (asked with `take=False`: a live run
    hands them to the follow-up run instead of searching coverage itself)."""


class AlertLedger(Protocol):
    """Cross-run facts of the live workflows, shared by every worker."""

    async def claim(
        self,
        center_id: str,
        *,
        alerts: Sequence[str],
        deferred: Sequence[str],
        owner: str,
        take: bool = True,
    ) -> Claims:
        """`first_alert` for each of `alerts` and `take_deferred` for each of `deferred`, answered
        together: one event asks about every window of its room at once (one round trip, not two per
        window), with the same answers as the calls one by one. With `take=False` no deferred window
        is taken: the free ones are answered in `waiting` instead."""
        ...

    async def first_alert(self, center_id: str, finding_id: str, *, owner: str) -> bool:
        """True for the first run (or a retry of that run's event) that alerts this finding."""
        ...

    async def defer(
        self, center_id: str, finding_id: str, *, owner: str, window: dict[str, Any] | None = None
    ) -> None:
        """Remember a window whose coverage proposal waits for a later run, with the window as judged
        (`window`: what the follow-up run rebuilds it from). A window `owner` had taken is given back
        (free again for a later run)."""
        ...

    async def waiting(self, center_id: str, day: date, *, owner: str) -> list[tuple[str, dict[str, Any]]]:
        """The deferred windows of `day` free for `owner` to take (or taken by it: a retry), with the
        window each was deferred with, soonest first."""
        ...

    async def take_deferred(self, center_id: str, finding_id: str, *, owner: str) -> bool:
        """True (for one later run, and its retries) when another run deferred this window's proposal."""
        ...

    async def record_staff_event(
        self, center_id: str, classroom_id: str, day: date, event: StaffEvent
    ) -> None:
        """Keep a staff check-in or check-out of a room (once per event)."""
        ...

    async def staff_events(self, center_id: str, classroom_id: str, day: date) -> list[StaffEvent]:
        """The room's staff check-ins and check-outs of that day, in the order they happened."""
        ...

    async def claim_seat(
        self, session_id: str, *, holder: str, seats_left: int, center_id: str, owner: str
    ) -> bool:
        """Hold a seat of a training session for `holder` (a staff member) while a proposal waits: True
        if `holder` already holds one, or if fewer claims than `seats_left` are held (then it is held)."""
        ...

    async def release_seat(self, session_id: str, *, holder: str) -> None:
        """Give back `holder`'s claim on the session (its proposal was decided); nothing if none is held."""
        ...


@dataclass
class MemoryLedger:
    """An `AlertLedger` in one process's memory: for tests, and for a LangGraph server run without a
    database (one process there). The service uses Postgres (checkpoints.ratio_ledger)."""

    alerts: dict[tuple[str, str], str] = field(default_factory=dict)
    deferred: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)
    """(center, finding) -> (the event that deferred it, the event that took it or None while it waits)."""
    windows: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    """(center, finding) -> the window it was deferred with."""
    events: dict[tuple[str, str, date], dict[str, StaffEvent]] = field(default_factory=dict)
    seats: dict[str, dict[str, str]] = field(default_factory=dict)
    """Training session -> holder -> the event whose run claimed the seat."""

    async def claim(
        self,
        center_id: str,
        *,
        alerts: Sequence[str],
        deferred: Sequence[str],
        owner: str,
        take: bool = True,
    ) -> Claims:
        alerted = [f for f in alerts if await self.first_alert(center_id, f, owner=owner)]
        if not take:
            free = [f for f in deferred if self._free(center_id, f, owner)]
            return Claims(frozenset(alerted), waiting=frozenset(free))
        taken = [f for f in deferred if await self.take_deferred(center_id, f, owner=owner)]
        return Claims(frozenset(alerted), frozenset(taken))

    def _free(self, center_id: str, finding_id: str, owner: str) -> bool:
        found = self.deferred.get((center_id, finding_id))
        return found is not None and found[0] != owner and found[1] is None

    async def first_alert(self, center_id: str, finding_id: str, *, owner: str) -> bool:
        return self.alerts.setdefault((center_id, finding_id), owner) == owner

    async def defer(
        self, center_id: str, finding_id: str, *, owner: str, window: dict[str, Any] | None = None
    ) -> None:
        key = (center_id, finding_id)
        deferred_by, taken_by = self.deferred.setdefault(key, (owner, None))
        if taken_by == owner:
            self.deferred[key] = (deferred_by, None)
        if window is not None:
            self.windows.setdefault(key, window)

    async def waiting(self, center_id: str, day: date, *, owner: str) -> list[tuple[str, dict[str, Any]]]:
        found = [
            (finding_id, window)
            for (center, finding_id), window in self.windows.items()
            if center == center_id
            and window.get("date") == day.isoformat()
            and self.deferred[(center, finding_id)][0] != owner
            and self.deferred[(center, finding_id)][1] in (None, owner)
        ]
        return sorted(found, key=lambda i: (i[1].get("start", 0), i[1].get("classroom_id", ""), i[0]))

    async def take_deferred(self, center_id: str, finding_id: str, *, owner: str) -> bool:
        key = (center_id, finding_id)
        if key not in self.deferred:
            return False
        deferred_by, taken_by = self.deferred[key]
        if owner == deferred_by or taken_by not in (None, owner):
            return False
        self.deferred[key] = (deferred_by, owner)
        return True

    async def record_staff_event(
        self, center_id: str, classroom_id: str, day: date, event: StaffEvent
    ) -> None:
        self.events.setdefault((center_id, classroom_id, day), {}).setdefault(event.event_id, event)

    async def staff_events(self, center_id: str, classroom_id: str, day: date) -> list[StaffEvent]:
        found = self.events.get((center_id, classroom_id, day), {}).values()
        return sorted(found, key=lambda e: (e.minute, e.event_id))

    async def claim_seat(
        self, session_id: str, *, holder: str, seats_left: int, center_id: str, owner: str
    ) -> bool:
        held = self.seats.setdefault(session_id, {})
        if holder in held:
            return True
        if len(held) >= seats_left:
            return False
        held[holder] = owner
        return True

    async def release_seat(self, session_id: str, *, holder: str) -> None:
        self.seats.get(session_id, {}).pop(holder, None)
