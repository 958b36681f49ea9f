"""Follow-up runs: internal events an agent's run handed on (`AgentOutput.follow_ups`), accepted after it.

(The follow-ups every event of a type calls for, whatever its run found, are declared in
agents.registry.FOLLOW_UP_EVENTS and queued by services.runs.queue_follow_up; these are the ones a run
decides on.)

A live run keeps only what its alert needs and hands the rest to the batch lane (the ratio agent's
coverage searches for predicted windows: agents.ratios.coverage_due). The worker accepts each follow-up
like any event (stored once, its own thread, batch lane), once the run that asked for it is checkpointed,
and at most one waits per center, type and `data.coalesce` key: a waiting follow-up reads the ledger
when it starts, so it serves every run that asked after it was queued. The check is safe because live
runs of one center run one at a time (their lock, services.ingest.lock_for) and a follow-up reads the
ledger only after it has begun (its event no longer `queued`); a retried run asks for the same follow-up
id, so nothing is queued twice.
"""

from __future__ import annotations

import logging

from checkpoints.events import waiting_of_type
from services.context import Services
from services.ingest import accept_event
from services.runner import RunOutcome

log = logging.getLogger(__name__)


async def accept_follow_ups(services: Services, outcome: RunOutcome) -> list[str]:
    """Queue the follow-ups of a finished run leg (one per center and type at most waiting); returns the
    ids of those queued now."""
    queued = []
    for event in outcome.state.follow_ups:
        key = event.data.get("coalesce")
        waiting = await waiting_of_type(
            services.pool, event.center_id, event.type, None if key is None else str(key)
        )
        if waiting is not None:
            log.debug("follow-up %s coalesced into waiting %s", event.id, waiting)
            continue
        result = await accept_event(services, event)
        if not result.duplicate:
            queued.append(event.id)
    return queued
