"""Standard Webhooks signature verification over the raw request bytes (DESIGN.md "Webhooks").

Checked before anything is parsed: the three headers must be present, the timestamp must sit inside the
tolerance window on both sides of `now` (replays and clock-skewed senders are refused), and one of the
`v1,<base64>` signatures must equal HMAC-SHA256(secret, "id.timestamp.body") under a constant-time compare.
The clock is passed in so tests and the API share one notion of "now".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.errors import Unauthorized

SECRET_PREFIX = "whsec_"
DEFAULT_TOLERANCE = timedelta(minutes=5)
HEADER_ID, HEADER_TIMESTAMP, HEADER_SIGNATURE = "webhook-id", "webhook-timestamp", "webhook-signature"


class SignatureError(Unauthorized):
    """The webhook's signature, headers or timestamp do not check out (answered 401)."""

    code = "bad_signature"


@dataclass(frozen=True)
class VerifiedDelivery:
    """What a good signature vouches for: the delivery id and when the sender signed it."""

    webhook_id: str
    timestamp: int


def secret_key(secret: str) -> bytes:
    """The HMAC key of a `whsec_<base64>` secret (a bare base64 secret is accepted too)."""
    try:
        return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureError(f"webhook secret is not valid base64: {exc}") from None


def compute_signature(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64>` for one delivery; used by senders (tests, benchmarks) and by `verify`."""
    signed = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(secret_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def signed_headers(secret: str, webhook_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers for `body`."""
    return {
        HEADER_ID: webhook_id,
        HEADER_TIMESTAMP: str(timestamp),
        HEADER_SIGNATURE: compute_signature(secret, webhook_id, timestamp, body),
    }


def verify(
    secret: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: datetime,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> VerifiedDelivery:
    """Accept a delivery signed with `secret` or raise SignatureError saying which check failed.

    `headers` must be case-insensitive (Starlette's Headers are) or use lower-case names.
    """
    delivery, _ = verify_any([secret], headers, body, now=now, tolerance=tolerance)
    return delivery


def verify_any(
    secrets: Sequence[str],
    headers: Mapping[str, str],
    body: bytes,
    *,
    now: datetime,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> tuple[VerifiedDelivery, int]:
    """Accept a delivery signed with one of `secrets` (each source's, two during a rotation) and say
    which one (its index); else SignatureError. Headers and timestamp are checked once, first."""
    webhook_id = headers.get(HEADER_ID)
    stamp = headers.get(HEADER_TIMESTAMP)
    signature_header = headers.get(HEADER_SIGNATURE)
    missing = [
        name
        for name, value in (
            (HEADER_ID, webhook_id),
            (HEADER_TIMESTAMP, stamp),
            (HEADER_SIGNATURE, signature_header),
        )
        if not value
    ]
    if missing:
        raise SignatureError(f"missing webhook header(s): {', '.join(missing)}")
    assert webhook_id is not None and stamp is not None and signature_header is not None
    try:
        timestamp = int(stamp)
    except ValueError:
        raise SignatureError(f"{HEADER_TIMESTAMP} must be integer seconds since the epoch") from None
    skew = now.timestamp() - timestamp
    if skew > tolerance.total_seconds():
        raise SignatureError("webhook timestamp is too old (outside the tolerance window); refusing a replay")
    if -skew > tolerance.total_seconds():
        raise SignatureError("webhook timestamp is in the future (outside the tolerance window)")
    offered = [c.encode() for c in signature_header.split(" ") if c.partition(",")[0] == "v1"]
    for index, secret in enumerate(secrets):
        expected = compute_signature(secret, webhook_id, timestamp, body).encode()
        if any(hmac.compare_digest(candidate, expected) for candidate in offered):
            return VerifiedDelivery(webhook_id=webhook_id, timestamp=timestamp), index
    raise SignatureError("no webhook signature matches the body (wrong secret or tampered body)")
