"""Fakes of the outside world for the Procare client: an `httpx.MockTransport` that scripts Procare's answers.

`FakeProcare` implements the HTTP side only (status, headers, bytes): the client under test is real.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import httpx

API_KEY = "test-key-" + uuid.uuid4().hex

Handler = Callable[[httpx.Request], httpx.Response]


def employee_payload(**overrides: Any) -> dict[str, Any]:
    """A valid Employee body with random ids; override any field."""
    body: dict[str, Any] = {
        "employee_id": "emp_" + uuid.uuid4().hex[:8],
        "person_id": "per_" + uuid.uuid4().hex[:8],
        "school_id": "sch_1",
        "first_name": "Ana",
        "last_name": "Lopez",
        "email": "ana@example.org",
        "position": "Lead Teacher",
        "hire_date": "2024-03-01",
        "birth_date": "1990-05-04",
        "ssn": "123-45-6789",
        "home_address": {"line1": "1 Main St", "city": "Austin", "state": "TX", "postal_code": "78701"},
        "updated_at": "2026-11-01T09:00:00-05:00",
    }
    body.update(overrides)
    return body


def error_body(
    status: int, code: str, message: str, details: list[dict[str, Any]] | None = None
) -> httpx.Response:
    return httpx.Response(status, json={"error": code, "message": message, "details": details})


class FakeProcare:
    """Answers from a script: a list of responses (or exceptions) consumed in order, then `default`."""

    def __init__(
        self, script: list[httpx.Response | Exception] | None = None, default: Handler | None = None
    ):
        self.script = list(script or [])
        self.default = default
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.script:
            item = self.script.pop(0)
            if isinstance(item, Exception):
                raise item
            return item
        if self.default is None:
            raise AssertionError(f"unexpected request {request.method} {request.url}")
        return self.default(request)

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) if r.content else None for r in self.requests]


class SleepRecorder:
    """Injected as the client's sleep: records each backoff wait instead of sleeping it."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
