"""Rate limit (429 + Retry-After) on an injected clock, and seeded fault mode counted, never timed."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable

from fastapi.testclient import TestClient

from sandbox.app import create_app, runtime_of
from sandbox.config import DEV_API_KEY, SandboxConfig
from tools import models

HEADERS = {"X-API-Key": DEV_API_KEY}


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_answers_429_with_retry_after(make_config: Callable[..., SandboxConfig]) -> None:
    clock = FakeClock()
    client = TestClient(create_app(make_config(rate_limit=0.5, rate_burst=3, clock=clock)))
    statuses = [client.get("/v1/schools", headers=HEADERS).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/v1/schools", headers=HEADERS)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "2"  # one token at 0.5/s
    assert models.ErrorBody.model_validate(limited.json()).error == "rate_limited"
    other = client.get("/v1/schools", headers={"X-API-Key": "scoped-key"})
    assert other.status_code == 200, "buckets are per key"
    assert client.get("/_sandbox/effects", headers=HEADERS).status_code == 200, "admin is not limited"
    clock.now += 2.0
    assert client.get("/v1/schools", headers=HEADERS).status_code == 200
    assert client.get("/v1/schools", headers=HEADERS).status_code == 429


def test_fault_mode_fails_the_configured_share(make_config: Callable[..., SandboxConfig]) -> None:
    config = make_config(fault_rate=0.2, slow_rate=0.1, slow_seconds=0.0, fault_seed=99)
    client = TestClient(create_app(config))
    statuses = Counter(client.get("/v1/schools", headers=HEADERS).status_code for _ in range(400))
    rng = random.Random(99)
    rolls = [rng.random() for _ in range(400)]
    assert statuses[500] == sum(r < 0.2 for r in rolls)
    assert 60 <= statuses[500] <= 100
    assert statuses[200] == 400 - statuses[500]
    counts = runtime_of(client.app).faults.counts  # type: ignore[arg-type]
    assert counts["slow"] == sum(0.2 <= r < 0.3 for r in rolls)


def test_fault_mode_is_reproducible_and_leaves_no_effect(make_config: Callable[..., SandboxConfig]) -> None:
    def run() -> list[int]:
        client = TestClient(create_app(make_config(fault_rate=0.5, fault_seed=5)))
        return [client.get("/v1/employees/S0001-E001", headers=HEADERS).status_code for _ in range(30)]

    first = run()
    assert first == run() and 500 in first and 200 in first
    client = TestClient(create_app(make_config(fault_rate=0.5, fault_seed=5)))
    outcomes = [
        client.post("/v1/tasks", json={"school_id": "S0001", "title": "t"}, headers=HEADERS).status_code
        for _ in range(20)
    ]
    effects = runtime_of(client.app).state.effects_for(kind="tasks")  # type: ignore[arg-type]
    assert len(effects) == outcomes.count(201)
    body = client.get("/v1/schools", headers=HEADERS)
    if body.status_code == 500:
        assert models.ErrorBody.model_validate(body.json()).error == "internal_error"


def test_fault_mode_off_by_default(client: TestClient) -> None:
    assert {client.get("/v1/schools", headers=HEADERS).status_code for _ in range(50)} == {200}
