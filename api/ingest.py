"""The HTTP half of webhook ingest: the signature over the raw bytes, then the body (STYLE.md "Ingest").

The signature is checked before anything is parsed, against every active secret of every webhook source
(services.webhook_sources); the body is validated into a request model. Storing
the event and queueing its run is the use case's (services.ingest.accept_event), shared with scans.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

from pydantic import ValidationError

from agents.common.types import Event
from api.config import ApiConfig
from api.errors import field_errors
from api.metrics import ServiceMetrics
from api.requests import WebhookBody
from api.webhook_body import parse_body
from api.webhook_signature import SignatureError, verify_any
from services.webhook_sources import SourceSecret
from tools.errors import ConfigError


def verify_delivery(
    config: ApiConfig,
    metrics: ServiceMetrics,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: datetime,
    candidates: Sequence[SourceSecret],
) -> SourceSecret:
    """Check the Standard Webhooks signature and timestamp against every active source secret (401 on
    failure, counted); the secret that verifies names the source that sent it."""
    if not candidates:
        raise ConfigError("no webhook secret: set PROCARE_AI_WEBHOOK_SECRET or add a webhook source")
    try:
        _, index = verify_any(
            [c.secret for c in candidates],
            headers,
            body,
            now=now,
            tolerance=timedelta(seconds=config.webhook_tolerance_seconds),
        )
    except SignatureError:
        metrics.events_received.labels("bad_signature").inc()
        raise
    return candidates[index]


def parse_event(body: bytes) -> Event:
    """The webhook body as an event, or 422 naming each wrong field (api.webhook_body: what the store
    cannot keep as signed is refused here too)."""
    raw = parse_body(body)
    try:
        payload = WebhookBody.model_validate(raw)
    except ValidationError as exc:
        raise field_errors(exc.errors(), prefix=("body",)) from None
    return Event.model_validate(payload.model_dump())
