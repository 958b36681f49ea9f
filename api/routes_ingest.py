"""`POST /webhooks/procare`: the signature first (it names the webhook source), then an optional service
token, then the body, whose center the source (and the token, if any) must speak for."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from fastapi import APIRouter, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials

from api.config import ApiConfig
from api.deps import bearer_scheme
from api.errors import FieldErrors
from api.ingest import parse_event, verify_delivery
from api.metrics import ServiceMetrics
from api.openapi_links import THREAD_LINKS
from api.requests import WebhookBody
from api.responses import ErrorOut, IngestOut
from api.webhook_body import MAX_BODY_BYTES, MAX_DEPTH, check_content_type, read_limited
from policies.errors import InvalidInput
from policies.rbac import Principal
from services.context import Services
from services.errors import Forbidden, Unauthorized
from services.ingest import accept_event
from services.tokens import LiveToken
from services.webhook_sources import SourceSecret

router = APIRouter(tags=["webhooks"])


@dataclass(frozen=True)
class Delivery:
    """A delivery whose signature checked out: its raw body and the source whose secret signed it."""

    body: bytes
    source: SourceSecret


async def verified_body(
    request: Request, services: Services, config: ApiConfig, metrics: ServiceMetrics
) -> Delivery:
    """The raw body, read with the 256 KiB limit (413), once its Standard Webhooks signature and timestamp
    check out against a source's secret (else 401) and it is declared JSON (else 415)."""
    try:
        body = await read_limited(request.headers, request.stream())
    except InvalidInput:
        metrics.events_received.labels("invalid_body").inc()
        raise
    now = services.now()
    configured = config.webhook_secret.get_secret_value() if config.webhook_secret else None
    candidates = await services.delivery_secrets.for_delivery(now=now, configured=configured)
    source = verify_delivery(config, metrics, request.headers, body, now=now, candidates=candidates)
    try:
        check_content_type(request.headers)
    except InvalidInput:
        metrics.events_received.labels("invalid_body").inc()
        raise
    return Delivery(body, source)


def token_lookup(
    credentials: HTTPAuthorizationCredentials | None, services: Services
) -> asyncio.Task[LiveToken | None] | None:
    """The sent bearer token's read, started at once so it runs while the signature is checked; it
    records nothing, so starting it before the signature is judged changes no answer."""
    if credentials is None:
        return None
    lookup = asyncio.ensure_future(services.token_check.lookup(credentials.credentials))
    lookup.add_done_callback(_seen)
    return lookup


def _seen(task: asyncio.Task[LiveToken | None]) -> None:
    if not task.cancelled():
        task.exception()  # a lookup whose delivery was refused first: its error is not news


async def webhook_sender(
    lookup: asyncio.Task[LiveToken | None] | None, services: Services, metrics: ServiceMetrics
) -> Principal | None:
    """The `service` principal delivering the webhook, when a bearer token is sent (optional: the
    signature suffices, DESIGN.md "Webhooks"); a token sent must be a live service token."""
    if lookup is None:
        return None
    try:
        principal = await services.token_check.accept(await lookup, now=services.now())
    except Unauthorized:
        metrics.events_received.labels("unauthorized").inc()
        raise
    if not principal.can("webhook.ingest"):
        metrics.events_received.labels("forbidden").inc()
        raise Forbidden(f"role {principal.role} may not deliver webhooks (service tokens only)")
    return principal


@router.post(
    "/webhooks/procare",
    summary="Receive a signed Procare webhook",
    description="Verifies the Standard Webhooks signature over the raw body (5-minute tolerance) against "
    "each webhook source's active secrets (two during a rotation); the secret that verifies names the "
    "source, which must speak for the event's center. A bearer token is optional; one sent must be a live "
    "service token (and its centers apply too). Validates the body, stores the event and enqueues its run "
    "in one transaction. A repeated event id answers 200 with the first delivery's thread and starts "
    "nothing.",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=IngestOut,
    responses={
        200: {
            "model": IngestOut,
            "description": "Duplicate delivery: already stored, nothing new started.",
            "links": THREAD_LINKS,
        },
        202: {"description": "Stored and queued; `thread_id` names the run.", "links": THREAD_LINKS},
        401: {
            "model": ErrorOut,
            "description": "Bad or missing signature, stale or future timestamp; a bearer token sent that "
            "is unknown, revoked or expired.",
        },
        403: {
            "model": ErrorOut,
            "description": "The signing source (or the token sent) may not speak for the event's center, "
            "or the token sent is not a service token.",
        },
        409: {"model": ErrorOut, "description": "The event id was already delivered for another center."},
        413: {"model": ErrorOut, "description": f"Body over {MAX_BODY_BYTES} bytes (256 KiB)."},
        415: {"model": ErrorOut, "description": "Content type other than application/json."},
        422: {
            "model": ErrorOut,
            "description": "Malformed body, or JSON the store cannot keep as signed: NUL, lone surrogates, "
            f"NaN/Infinity, nesting past {MAX_DEPTH} levels, integers past 64 bits, a key twice; ids outside "
            "their charsets. `fields` names what is wrong.",
        },
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": WebhookBody.model_json_schema()}},
        },
        "security": [{"HTTPBearer": []}],
    },
)
async def receive_webhook(request: Request) -> Response:
    # The busiest route takes the request alone and calls its steps in order, instead of a tree of
    # FastAPI dependencies: solving that tree cost more CPU per webhook than everything else the API does
    # for it (bench/ingest.py). The order, the answers and the OpenAPI document stay as they were.
    state = request.app.state
    services: Services = state.services
    metrics: ServiceMetrics = state.metrics
    lookup = token_lookup(await bearer_scheme(request), services)
    try:
        delivery = await verified_body(request, services, state.config, metrics)
    except BaseException:
        if lookup is not None:
            lookup.cancel()
        raise
    sender = await webhook_sender(lookup, services, metrics)
    try:
        event = parse_event(delivery.body)
        result = await accept_event(services, event, sender=sender, source=delivery.source)
    except FieldErrors:
        metrics.events_received.labels("invalid_body").inc()
        raise
    except Forbidden:
        metrics.events_received.labels("forbidden").inc()
        raise
    metrics.events_received.labels("duplicate" if result.duplicate else "accepted").inc()
    answer = IngestOut(event_id=result.event_id, thread_id=result.thread_id, duplicate=result.duplicate)
    return Response(
        answer.model_dump_json(),
        status_code=status.HTTP_200_OK if result.duplicate else status.HTTP_202_ACCEPTED,
        media_type="application/json",
    )
