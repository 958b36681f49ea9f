"""Webhooks: signatures verify with the Standard Webhooks reference library; delivery retries until a 2xx."""

from __future__ import annotations

import base64
import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from standardwebhooks import Webhook

from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.generator import SandboxData
from sandbox.server import sandbox_server
from sandbox.webhooks import (
    EVENT_TYPES,
    WebhookSender,
    build_event,
    day_of_events,
    encode_body,
    signed_headers,
)

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
TODAY = date(2026, 11, 4)


@dataclass
class Receiver:
    """A tiny local webhook receiver answering scripted statuses (then 204)."""

    statuses: list[int]
    url: str = ""
    received: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)


@contextmanager
def receiver(statuses: list[int]) -> Iterator[Receiver]:
    state = Receiver(list(statuses))

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            status = state.statuses.pop(0) if state.statuses else 204
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()
            if 200 <= status < 300:
                state.done.set()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/webhooks/procare"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def event() -> dict:
    return build_event(
        "staff.hired",
        "S0001",
        {"employee_id": "S0001-E011"},
        occurred_at="2026-11-04T09:00:00-08:00",
        event_id="evt_1",
    )


def test_signature_verifies_with_the_reference_library() -> None:
    body = encode_body(event())
    headers = signed_headers(SECRET, "evt_1", int(__import__("time").time()), body)
    assert headers["webhook-signature"].startswith("v1,")
    assert Webhook(SECRET).verify(body, headers) == event()
    tampered = body.replace(b"E011", b"E012")
    with pytest.raises(Exception, match="signature"):
        Webhook(SECRET).verify(tampered, headers)


def test_delivery_retries_until_a_2xx() -> None:
    sleeps: list[float] = []
    with receiver([500, 503, 200]) as rx:
        sender = WebhookSender(rx.url, SECRET, max_attempts=5, backoff_seconds=0.5, sleep=sleeps.append)
        result = sender.deliver(event())
        sender.close()
    assert result.delivered and result.attempts == 3 and result.statuses == [500, 503, 200]
    assert sleeps == [0.5, 1.0], "exponential backoff between attempts"
    assert len(rx.received) == 3 and {h["webhook-id"] for h, _ in rx.received} == {"evt_1"}
    for headers, body in rx.received:
        assert Webhook(SECRET).verify(body, headers)["id"] == "evt_1"


def test_delivery_gives_up_after_bounded_attempts_on_connection_errors() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()  # nothing listens there now
    sender = WebhookSender(f"http://127.0.0.1:{port}/", SECRET, max_attempts=3, sleep=lambda _s: None)
    result = sender.deliver(event())
    sender.close()
    assert not result.delivered and result.attempts == 3 and result.status is None and result.error


def test_send_runs_in_the_background() -> None:
    with receiver([502]) as rx:
        sender = WebhookSender(rx.url, SECRET, backoff_seconds=0.0)
        sender.send(event())
        sender.drain()
        sender.close()
    assert [d.statuses for d in sender.deliveries] == [[502, 204]]


def test_day_of_events_is_realistic_and_deterministic() -> None:
    data = SandboxData(seed=2, centers=4, staff_per_center=15, today=TODAY)
    events = day_of_events(data, ["S0001", "S0002"], day=TODAY)
    assert events == day_of_events(data, ["S0001", "S0002"], day=TODAY)
    assert {e["type"] for e in events} >= set(EVENT_TYPES) - {"credential.document_uploaded"}
    assert {e["center_id"] for e in events} == {"S0001", "S0002"}
    stamps = [e["occurred_at"] for e in events]
    assert len({e["id"] for e in events}) == len(events)
    from datetime import datetime

    assert [datetime.fromisoformat(s) for s in stamps] == sorted(datetime.fromisoformat(s) for s in stamps)
    employees = {e["employee_id"] for i in range(2) for e in data.center(i).employees}
    for e in events:
        if "employee_id" in e["data"]:
            assert e["data"]["employee_id"] in employees
    hired = {e["center_id"]: e["data"]["employee_id"] for e in events if e["type"] == "staff.hired"}
    for upload in (e for e in events if e["type"] == "document.uploaded"):
        index = data.index_of(upload["center_id"])
        assert index is not None
        assert upload["data"]["document_id"] in data.center(index).packet_of_document  # a packet file
        assert upload["data"]["employee_id"] == hired[upload["center_id"]]  # of the new hire


def test_emit_endpoint_signs_and_delivers(make_config: Callable[..., SandboxConfig]) -> None:
    with receiver([500]) as rx:
        config = make_config(webhook_url=rx.url, webhook_secret=SECRET, webhook_backoff_seconds=0.0)
        with sandbox_server(config) as running:
            headers = {"X-API-Key": DEV_API_KEY}
            answer = httpx.post(
                f"{running.url}/_sandbox/webhooks/emit",
                headers=headers,
                json={
                    "type": "credential.document_uploaded",
                    "center_id": "S0001",
                    "data": {"credential_id": "S0001-E002-CR1"},
                },
            )
            assert answer.status_code == 202 and answer.json()["delivery"] == "queued"
            assert rx.done.wait(10)
            bad = httpx.post(
                f"{running.url}/_sandbox/webhooks/emit",
                headers=headers,
                json={"type": "staff.fired", "center_id": "S0001"},
            )
            assert bad.status_code == 422
            scoped = httpx.post(
                f"{running.url}/_sandbox/webhooks/emit",
                headers={"X-API-Key": "scoped-key"},
                json={"type": "staff.updated", "center_id": "S0002"},
            )
            assert scoped.status_code == 403
    headers, body = rx.received[-1]
    sent = Webhook(SECRET).verify(body, headers)
    assert sent["type"] == "credential.document_uploaded" and sent["center_id"] == "S0001"
    assert sent["data"] == {"credential_id": "S0001-E002-CR1"}
    assert set(sent) == {"id", "type", "occurred_at", "center_id", "data"}
    assert len(rx.received) == 2


def test_emit_without_a_url_still_answers_the_signed_request(
    make_config: Callable[..., SandboxConfig],
) -> None:
    from fastapi.testclient import TestClient

    from sandbox.app import create_app

    client = TestClient(create_app(make_config(webhook_secret=SECRET)))
    answer = client.post(
        "/_sandbox/webhooks/emit",
        headers={"X-API-Key": DEV_API_KEY},
        json={"type": "incident.reported", "center_id": "S0003", "data": {}},
    )
    body = answer.json()
    assert body["delivery"] == "not_configured"
    raw = json.dumps(body["event"], separators=(",", ":")).encode()
    assert Webhook(SECRET).verify(raw, body["headers"])["center_id"] == "S0003"


def test_day_endpoint_queues_a_day_of_events(make_config: Callable[..., SandboxConfig]) -> None:
    with receiver([]) as rx:
        config = make_config(webhook_url=rx.url, webhook_secret=SECRET)
        with sandbox_server(config) as running:
            answer = httpx.post(
                f"{running.url}/_sandbox/webhooks/day",
                headers={"X-API-Key": DEV_API_KEY},
                json={"center_ids": ["S0001"], "date": "2026-11-03"},
            )
            assert answer.status_code == 202
            count = answer.json()["count"]
            assert count >= 8
            assert running.runtime.sender is not None
            running.runtime.sender.drain()
    assert len(rx.received) == count
    for headers, body in rx.received:
        assert Webhook(SECRET).verify(body, headers)["center_id"] == "S0001"
