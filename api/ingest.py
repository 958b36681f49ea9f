"""Webhook ingest: verify, validate, store once and enqueue, in that order (STYLE.md "Ingest").

The signature is checked over the raw bytes before anything is parsed. The event row and its job are
written in one transaction before the caller answers, so a crash after the 202 loses nothing; a duplicate
delivery finds the stored row and starts nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from psycopg import AsyncConnection
from pydantic import ValidationError

from agents.types import Event
from api.enqueue import lock_for
from api.errors import FieldErrors, field_errors
from api.schemas import WebhookBody
from api.services import Services
from api.webhook_signature import SignatureError, VerifiedDelivery, verify
from checkpoints.events import store_event
from graph.runner import thread_id_for
from policies.rbac import Principal
from procare_ai.errors import ConfigError, Forbidden


@dataclass(frozen=True)
class IngestResult:
    event_id: str
    thread_id: str
    duplicate: bool


def verify_delivery(services: Services, headers: Mapping[str, str], body: bytes) -> VerifiedDelivery:
    """Check the Standard Webhooks signature and timestamp (401 on failure, counted)."""
    secret = services.settings.webhook_secret
    if secret is None:
        raise ConfigError("PROCARE_AI_WEBHOOK_SECRET is not set; webhooks cannot be verified")
    try:
        return verify(
            secret.get_secret_value(),
            headers,
            body,
            now=services.clock(),
            tolerance=timedelta(seconds=services.settings.webhook_tolerance_seconds),
        )
    except SignatureError:
        services.metrics.events_received.labels("bad_signature").inc()
        raise


def parse_body(body: bytes) -> WebhookBody:
    """The webhook body, or 422 naming each wrong field."""
    try:
        raw: Any = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FieldErrors([{"field": "body", "message": f"not valid JSON: {exc}"}]) from None
    if not isinstance(raw, dict):
        raise FieldErrors([{"field": "body", "message": "must be a JSON object"}])
    try:
        return WebhookBody.model_validate(raw)
    except ValidationError as exc:
        raise field_errors(exc.errors(), prefix=("body",)) from None


async def ingest_webhook(services: Services, principal: Principal | None, body: bytes) -> IngestResult:
    """Store a verified delivery and enqueue its run; `principal` is the service token, if one is required."""
    try:
        payload = parse_body(body)
    except FieldErrors:
        services.metrics.events_received.labels("invalid_body").inc()
        raise
    if principal is not None and principal.centers and not principal.sees_center(payload.center_id):
        services.metrics.events_received.labels("forbidden").inc()
        raise Forbidden(f"this token may not deliver events for center {payload.center_id}")
    event = Event.model_validate(payload.model_dump())
    thread_id, lock = thread_id_for(event), lock_for(event)

    async def enqueue(conn: AsyncConnection[Any]) -> None:
        await services.enqueuer.enqueue(event.id, thread_id, lock, conn)

    stored_thread, created = await store_event(services.pool, event, thread_id, enqueue=enqueue)
    services.metrics.events_received.labels("accepted" if created else "duplicate").inc()
    return IngestResult(event_id=event.id, thread_id=stored_thread, duplicate=not created)
