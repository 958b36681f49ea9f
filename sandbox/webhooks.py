"""Build, sign (Standard Webhooks) and deliver Procare-style webhooks, with retries off the request path.

Signing uses the `standardwebhooks` reference library so the receiver's verification (api/, another
engineer's) is checked against the spec rather than against our own reading of it. Delivery runs on a
background thread: the API answers at once, and each event is retried with exponential backoff on a non-2xx
answer or a connection error, up to a bounded number of attempts. Every attempt is re-signed with a fresh
timestamp and the same `webhook-id`, so the receiver can dedupe retries.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from standardwebhooks import Webhook

from sandbox.center_data import derive_rng, local_iso
from sandbox.generator import SandboxData
from sandbox.schedule import build_day

log = logging.getLogger(__name__)

EVENT_TYPES = (
    "staff.updated",
    "staff.hired",
    "credential.document_uploaded",
    "timesheet.submitted",
    "attendance.changed",
    "schedule.published",
    "document.uploaded",
    "incident.reported",
    "training.completed",
)


def build_event(
    event_type: str,
    center_id: str,
    data: Mapping[str, Any],
    *,
    occurred_at: datetime | str,
    event_id: str,
) -> dict[str, Any]:
    """The webhook body `{"id", "type", "occurred_at", "center_id", "data"}`."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown webhook type {event_type!r}; expected one of {EVENT_TYPES}")
    stamp = occurred_at if isinstance(occurred_at, str) else occurred_at.isoformat()
    return {
        "id": event_id,
        "type": event_type,
        "occurred_at": stamp,
        "center_id": center_id,
        "data": dict(data),
    }


def encode_body(event: Mapping[str, Any]) -> bytes:
    """The exact bytes that are signed and sent."""
    return json.dumps(event, separators=(",", ":")).encode()


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """`v1,<base64 HMAC-SHA256(secret, "{id}.{timestamp}.{body}")>` via the reference library."""
    return Webhook(secret).sign(msg_id, datetime.fromtimestamp(timestamp, UTC), body.decode())


def signed_headers(secret: str, msg_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    """The three Standard Webhooks headers plus the content type."""
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, msg_id, timestamp, body),
        "content-type": "application/json",
    }


@dataclass
class Delivery:
    """What happened to one event: attempts made, the last status (None on a connection error)."""

    event_id: str
    event_type: str
    attempts: int = 0
    status: int | None = None
    delivered: bool = False
    error: str | None = None
    statuses: list[int | None] = field(default_factory=list)


class WebhookSender:
    """Signs and posts events to one URL; `send` queues to a worker thread, `deliver` runs inline."""

    def __init__(
        self,
        url: str,
        secret: str,
        *,
        max_attempts: int = 5,
        backoff_seconds: float = 0.5,
        timeout_seconds: float = 5.0,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        bearer_token: str | None = None,
    ) -> None:
        Webhook(secret)  # fail now on a malformed secret, not on the first delivery
        self.url, self.secret = url, secret
        self._auth = {"Authorization": f"Bearer {bearer_token}"} if bearer_token else {}
        self.max_attempts, self.backoff_seconds = max_attempts, backoff_seconds
        self.clock, self.sleep = clock, sleep
        self.deliveries: list[Delivery] = []
        self._client = httpx.Client(timeout=timeout_seconds)
        self._queue: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def deliver(self, event: Mapping[str, Any]) -> Delivery:
        """Post one event, retrying non-2xx answers and connection errors with exponential backoff."""
        body = encode_body(event)
        result = Delivery(event_id=str(event["id"]), event_type=str(event["type"]))
        with self._lock:
            self.deliveries.append(result)
        for attempt in range(1, self.max_attempts + 1):
            result.attempts = attempt
            headers = {**signed_headers(self.secret, result.event_id, int(self.clock()), body), **self._auth}
            try:
                answer = self._client.post(self.url, content=body, headers=headers)
                result.status, result.error = answer.status_code, None
                if 200 <= answer.status_code < 300:
                    result.delivered = True
                    result.statuses.append(answer.status_code)
                    return result
            except httpx.HTTPError as exc:
                result.status, result.error = None, f"{type(exc).__name__}: {exc}"
            result.statuses.append(result.status)
            if attempt < self.max_attempts:
                self.sleep(min(30.0, self.backoff_seconds * 2 ** (attempt - 1)))
        log.warning("webhook %s not delivered after %d attempts", result.event_id, result.attempts)
        return result

    def send(self, event: Mapping[str, Any]) -> None:
        """Queue an event for the background worker (started on first use)."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="sandbox-webhooks", daemon=True)
                self._thread.start()
        self._queue.put(dict(event))

    def _run(self) -> None:
        while True:
            event = self._queue.get()
            try:
                if event is None:
                    return
                self.deliver(event)
            except Exception:  # a bug in one delivery must not stop the others
                log.exception("webhook delivery crashed")
            finally:
                self._queue.task_done()

    def drain(self) -> None:
        """Block until every queued event has been delivered or given up on (tests, demo shutdown)."""
        self._queue.join()

    def close(self) -> None:
        """Finish queued deliveries, stop the worker and close the HTTP client."""
        with self._lock:
            thread = self._thread
        if thread is not None and thread.is_alive():
            self._queue.put(None)
            thread.join()
        self._client.close()


def day_of_events(
    data: SandboxData, center_ids: Iterable[str], *, day: date | None = None
) -> list[dict[str, Any]]:
    """A realistic, deterministic day of events for these centers, in time order, all referring to ids the
    sandbox serves (so a receiver can fetch what each event points at)."""
    day = day or data.today
    events: list[tuple[str, dict[str, Any]]] = []
    for center_id in center_ids:
        index = data.index_of(center_id)
        if index is None:
            raise ValueError(f"unknown center {center_id}")
        center = data.center(index)
        rng = derive_rng(data.seed, "events", index, day.toordinal())
        open_m, close_m = center.school["open_minutes"], center.school["close_minutes"]

        def add(
            kind: str, minutes: int, payload: dict[str, Any], *, _center: Any = center, _rng: Any = rng
        ) -> None:
            stamp = local_iso(day, minutes, _center.zone)
            event_id = f"evt_{_rng.getrandbits(64):016x}"
            events.append(
                (
                    stamp,
                    build_event(
                        kind, _center.school["school_id"], payload, occurred_at=stamp, event_id=event_id
                    ),
                )
            )

        built = build_day(data.seed, center, day, data.today)
        for room_id, rows in list(built.attendance.items())[:3]:
            arrived = [r for r in rows if r["check_in_minutes"] is not None]
            if arrived:
                row = rng.choice(arrived)
                add(
                    "attendance.changed",
                    row["check_in_minutes"],
                    {
                        "classroom_id": room_id,
                        "child_id": row["child_id"],
                        "date": row["date"],
                        "check_in_minutes": row["check_in_minutes"],
                    },
                )
        active = [e for e in center.employees if e["employment_status"] == "active"]
        monday = day - timedelta(days=day.weekday())
        for emp in rng.sample(active, min(2, len(active))):
            add(
                "timesheet.submitted",
                close_m - rng.randint(0, 60),
                {
                    "employee_id": emp["employee_id"],
                    "pay_period_start": (monday - timedelta(days=7)).isoformat(),
                    "pay_period_end": (monday - timedelta(days=1)).isoformat(),
                },
            )
        add(
            "schedule.published",
            close_m - 30,
            {
                "week_start": (monday + timedelta(days=7)).isoformat(),
                "employee_ids": [e["employee_id"] for e in active],
            },
        )
        soon = [
            c for c in center.credentials if (date.fromisoformat(c["expires_on"]) - data.today).days <= 90
        ]
        if soon:
            cred = rng.choice(soon)
            add(
                "credential.document_uploaded",
                rng.randint(open_m + 60, close_m - 60),
                {
                    "employee_id": cred["employee_id"],
                    "credential_id": cred["credential_id"],
                    "kind": cred["kind"],
                    "document_id": cred["document_id"],
                },
            )
        recent = [e for e in center.employees if (data.today - date.fromisoformat(e["hire_date"])).days <= 45]
        for emp in recent[:1]:
            add(
                "staff.hired",
                open_m + 90,
                {
                    "employee_id": emp["employee_id"],
                    "person_id": emp["person_id"],
                    "position": emp["position"],
                    "hire_date": emp["hire_date"],
                },
            )
        hired_ids = {e["employee_id"] for e in recent[:1]}
        packet_files = [d for d in center.documents if d["document_id"] in center.packet_of_document]
        uploads = [d for d in packet_files if d["employee_id"] in hired_ids] or packet_files
        for doc in uploads[-1:]:  # the hire's last packet file arrives today
            add(
                "document.uploaded",
                open_m + 120,
                {
                    "document_id": doc["document_id"],
                    "employee_id": doc["employee_id"],
                    "kind": doc["kind"],
                    "content_type": doc["content_type"],
                },
            )
        emp = rng.choice(active)
        add(
            "staff.updated",
            rng.randint(open_m, close_m),
            {"employee_id": emp["employee_id"], "fields": ["phone", "skills"]},
        )
        if center.incidents:
            inc = max(center.incidents, key=lambda i: i["occurred_at"])
            add(
                "incident.reported",
                rng.randint(open_m + 60, close_m - 60),
                {
                    "incident_id": inc["incident_id"],
                    "classroom_id": inc["classroom_id"],
                    "severity": inc["severity"],
                    "kind": inc["kind"],
                },
            )
        if center.training_records:
            tr = rng.choice(center.training_records)
            add(
                "training.completed",
                rng.randint(open_m, close_m),
                {
                    "employee_id": tr["employee_id"],
                    "training_id": tr["training_id"],
                    "hours": tr["hours"],
                    "category": tr["category"],
                },
            )
    events.sort(key=lambda pair: datetime.fromisoformat(pair[0]))
    return [event for _stamp, event in events]
