"""The HTTP half of webhook ingest: the signature over the raw bytes, then the body (STYLE.md "Ingest").

The signature is checked before anything is parsed; the body is validated into a request model. Storing
the event and queueing its run is the use case's (services.ingest.accept_event), shared with scans.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from pydantic import ValidationError

from agents.common.types import Event
from api.config import ApiConfig
from api.errors import field_errors
from api.metrics import ServiceMetrics
from api.requests import WebhookBody
from api.webhook_body import parse_body
from api.webhook_signature import SignatureError, VerifiedDelivery, verify
from tools.errors import ConfigError


def verify_delivery(
    config: ApiConfig, metrics: ServiceMetrics, headers: Mapping[str, str], body: bytes, *, now: datetime
) -> VerifiedDelivery:
    """Check the Standard Webhooks signature and timestamp (401 on failure, counted)."""
    if config.webhook_secret is None:
        raise ConfigError("PROCARE_AI_WEBHOOK_SECRET is not set; webhooks cannot be verified")
    try:
        return verify(
            config.webhook_secret.get_secret_value(),
            headers,
            body,
            now=now,
            tolerance=timedelta(seconds=config.webhook_tolerance_seconds),
        )
    except SignatureError:
        metrics.events_received.labels("bad_signature").inc()
        raise


def parse_event(body: bytes) -> Event:
    """The webhook body as an event, or 422 naming each wrong field (api.webhook_body: what the store
    cannot keep as signed is refused here too)."""
    raw = parse_body(body)
    try:
        payload = WebhookBody.model_validate(raw)
    except ValidationError as exc:
        raise field_errors(exc.errors(), prefix=("body",)) from None
    return Event.model_validate(payload.model_dump())
