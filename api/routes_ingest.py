"""`POST /webhooks/procare`: signature first, then the service token, then the body."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, status

from api.deps import BearerDep, ServicesDep, authenticate
from api.ingest import ingest_webhook, verify_delivery
from api.schemas import ErrorOut, IngestOut, WebhookBody
from policies.rbac import Principal
from procare_ai.errors import Forbidden, Unauthorized

router = APIRouter(tags=["webhooks"])


async def verified_body(request: Request, services: ServicesDep) -> bytes:
    """The raw body, once its Standard Webhooks signature and timestamp check out (else 401)."""
    body = await request.body()
    verify_delivery(services, request.headers, body)
    return body


VerifiedBody = Annotated[bytes, Depends(verified_body)]


async def webhook_sender(_: VerifiedBody, services: ServicesDep, credentials: BearerDep) -> Principal | None:
    """The `service` principal delivering the webhook (checked after the signature)."""
    if not services.webhook_requires_token and credentials is None:
        return None
    try:
        principal = await authenticate(services, credentials)
    except Unauthorized:
        services.metrics.events_received.labels("unauthorized").inc()
        raise
    if not principal.can("webhook.ingest"):
        services.metrics.events_received.labels("forbidden").inc()
        raise Forbidden(f"role {principal.role} may not deliver webhooks (service tokens only)")
    return principal


@router.post(
    "/webhooks/procare",
    summary="Receive a signed Procare webhook",
    description="Verifies the Standard Webhooks signature over the raw body (5-minute tolerance), then the "
    "service token, validates the body, stores the event and enqueues its run in one transaction. A repeated "
    "event id answers 200 with the first delivery's thread and starts nothing.",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=IngestOut,
    responses={
        200: {"model": IngestOut, "description": "Duplicate delivery: already stored, nothing new started."},
        401: {
            "model": ErrorOut,
            "description": "Bad or missing signature, stale or future timestamp, no token.",
        },
        403: {"model": ErrorOut, "description": "The token is not a service token."},
        422: {"model": ErrorOut, "description": "Malformed body; `fields` names what is wrong."},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": WebhookBody.model_json_schema()}},
        }
    },
)
async def receive_webhook(
    body: VerifiedBody,
    sender: Annotated[Principal | None, Depends(webhook_sender)],
    services: ServicesDep,
    response: Response,
) -> IngestOut:
    result = await ingest_webhook(services, sender, body)
    if result.duplicate:
        response.status_code = status.HTTP_200_OK
    return IngestOut(event_id=result.event_id, thread_id=result.thread_id, duplicate=result.duplicate)
