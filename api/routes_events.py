"""Received events by job status, and retrying a parked one.

`GET /events?status=failed` lists the caller's centers' events (latest change first): a `failed` event was
parked after its last attempt and says why. `POST /events/{event_id}/retry` queues a parked event again
(a director of its center, or HR). Each route calls one use case of services.events.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import EventRetrier, EventsReader, ServicesDep
from api.openapi_links import link
from api.responses import ErrorOut, EventJobOut
from services import events

router = APIRouter(tags=["events"])

ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "Missing, unknown or revoked token."},
    403: {"model": ErrorOut, "description": "The token's role lacks the permission."},
}


@router.get(
    "/events",
    summary="Received events of my centers and their jobs, latest change first",
    response_model=list[EventJobOut],
    responses={
        200: {
            "description": "The events, latest change first.",
            "links": {
                "RetryFirst": link(
                    "/events/{event_id}/retry", "post", {"event_id": "$response.body#/0/event_id"}
                )
            },
        },
        **ERRORS,
        422: {"model": ErrorOut, "description": "Unknown status or a limit out of range."},
    },
)
async def list_events(
    principal: EventsReader,
    services: ServicesDep,
    status: Annotated[
        str | None, Query(description="queued, running, done or failed (parked after its last attempt).")
    ] = None,
    center: Annotated[str | None, Query(description="Only this center.")] = None,
    limit: Annotated[int, Query(ge=1, le=events.MAX_LIMIT)] = 100,
) -> list[EventJobOut]:
    rows = await events.list_events(services, principal, status=status, center=center, limit=limit)
    return [EventJobOut.model_validate(r) for r in rows]


@router.post(
    "/events/{event_id}/retry",
    summary="Queue a parked (failed) event again",
    response_model=EventJobOut,
    status_code=202,
    responses={
        **ERRORS,
        404: {"model": ErrorOut, "description": "No such event in the caller's centers."},
        409: {"model": ErrorOut, "description": "The event is not parked."},
    },
)
async def retry_event(event_id: str, principal: EventRetrier, services: ServicesDep) -> EventJobOut:
    return EventJobOut.model_validate(await events.retry_event(services, principal, event_id))
