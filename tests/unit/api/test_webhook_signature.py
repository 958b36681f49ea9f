"""Standard Webhooks verification: pure, cross-checked against the reference `standardwebhooks` library."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from standardwebhooks import Webhook, WebhookVerificationError

from api.webhook_signature import SignatureError, compute_signature, signed_headers, verify

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"fedcba9876543210fedcba9876543210").decode()
NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)
BODY = json.dumps({"id": "evt_1", "type": "staff.updated", "center_id": "S1"}).encode()


def stamp(at: datetime) -> int:
    return int(at.timestamp())


def test_valid_signature_is_accepted() -> None:
    headers = signed_headers(SECRET, "msg_1", stamp(NOW), BODY)
    delivery = verify(SECRET, headers, BODY, now=NOW)
    assert delivery.webhook_id == "msg_1" and delivery.timestamp == stamp(NOW)


def test_reference_library_signature_verifies_and_ours_matches_it() -> None:
    reference = Webhook(SECRET).sign("msg_2", NOW, BODY.decode())
    assert compute_signature(SECRET, "msg_2", stamp(NOW), BODY) == reference
    headers = {"webhook-id": "msg_2", "webhook-timestamp": str(stamp(NOW)), "webhook-signature": reference}
    assert verify(SECRET, headers, BODY, now=NOW).webhook_id == "msg_2"


def test_reference_library_accepts_what_we_sign() -> None:
    now = datetime.now(UTC)  # the library checks against its own wall clock
    headers = signed_headers(SECRET, "msg_3", stamp(now), BODY)
    assert Webhook(SECRET).verify(BODY, headers) == json.loads(BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(BODY + b" ", headers)


def test_tampered_body_is_refused() -> None:
    headers = signed_headers(SECRET, "msg_1", stamp(NOW), BODY)
    with pytest.raises(SignatureError, match="no webhook signature matches"):
        verify(SECRET, headers, BODY.replace(b"S1", b"S2"), now=NOW)


def test_tampered_id_or_timestamp_is_refused() -> None:
    headers = signed_headers(SECRET, "msg_1", stamp(NOW), BODY)
    with pytest.raises(SignatureError):
        verify(SECRET, {**headers, "webhook-id": "msg_9"}, BODY, now=NOW)
    with pytest.raises(SignatureError):
        verify(SECRET, {**headers, "webhook-timestamp": str(stamp(NOW) - 1)}, BODY, now=NOW)


def test_wrong_secret_is_refused() -> None:
    headers = signed_headers(OTHER_SECRET, "msg_1", stamp(NOW), BODY)
    with pytest.raises(SignatureError, match="wrong secret or tampered body"):
        verify(SECRET, headers, BODY, now=NOW)


@pytest.mark.parametrize(
    ("offset", "message"),
    [
        (timedelta(minutes=5, seconds=1), "too old"),
        (timedelta(hours=3), "too old"),
        (-timedelta(minutes=5, seconds=1), "in the future"),
        (-timedelta(days=1), "in the future"),
    ],
)
def test_timestamps_outside_the_window_are_refused(offset: timedelta, message: str) -> None:
    sent = NOW - offset
    headers = signed_headers(SECRET, "msg_1", stamp(sent), BODY)
    with pytest.raises(SignatureError, match=message):
        verify(SECRET, headers, BODY, now=NOW)


@pytest.mark.parametrize("offset", [timedelta(minutes=5), -timedelta(minutes=5), timedelta(0)])
def test_timestamps_at_the_edges_of_the_window_are_accepted(offset: timedelta) -> None:
    headers = signed_headers(SECRET, "msg_1", stamp(NOW - offset), BODY)
    assert verify(SECRET, headers, BODY, now=NOW).webhook_id == "msg_1"


def test_custom_tolerance_is_honoured() -> None:
    headers = signed_headers(SECRET, "msg_1", stamp(NOW - timedelta(seconds=61)), BODY)
    with pytest.raises(SignatureError, match="too old"):
        verify(SECRET, headers, BODY, now=NOW, tolerance=timedelta(seconds=60))


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_missing_headers_are_named(missing: str) -> None:
    headers = signed_headers(SECRET, "msg_1", stamp(NOW), BODY)
    del headers[missing]
    with pytest.raises(SignatureError, match=f"missing webhook header.*{missing}"):
        verify(SECRET, headers, BODY, now=NOW)


def test_non_numeric_timestamp_is_refused() -> None:
    headers = signed_headers(SECRET, "msg_1", stamp(NOW), BODY)
    with pytest.raises(SignatureError, match="integer seconds"):
        verify(SECRET, {**headers, "webhook-timestamp": "2026-11-02T12:00:00Z"}, BODY, now=NOW)


def test_any_of_several_signatures_may_match() -> None:
    good = compute_signature(SECRET, "msg_1", stamp(NOW), BODY)
    rotated = compute_signature(OTHER_SECRET, "msg_1", stamp(NOW), BODY)
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(stamp(NOW)),
        "webhook-signature": f"{rotated} v2,notsupported {good}",
    }
    assert verify(SECRET, headers, BODY, now=NOW).webhook_id == "msg_1"
    headers["webhook-signature"] = f"{rotated} v1a,{good.split(',', 1)[1]}"
    with pytest.raises(SignatureError):  # a matching digest under an unknown version does not count
        verify(SECRET, headers, BODY, now=NOW)


def test_reference_library_signature_with_rotated_secrets() -> None:
    reference = Webhook(SECRET).sign("msg_4", NOW, BODY.decode())
    other = Webhook(OTHER_SECRET).sign("msg_4", NOW, BODY.decode())
    headers = {
        "webhook-id": "msg_4",
        "webhook-timestamp": str(stamp(NOW)),
        "webhook-signature": f"{other} {reference}",
    }
    assert verify(SECRET, headers, BODY, now=NOW).webhook_id == "msg_4"
    assert verify(OTHER_SECRET, headers, BODY, now=NOW).webhook_id == "msg_4"


def test_secret_without_prefix_and_bad_secret() -> None:
    headers = signed_headers(SECRET, "msg_1", stamp(NOW), BODY)
    assert verify(SECRET.removeprefix("whsec_"), headers, BODY, now=NOW).webhook_id == "msg_1"
    with pytest.raises(SignatureError, match="not valid base64"):
        verify("whsec_***", headers, BODY, now=NOW)
