"""Fixtures for the sandbox tests: a small seeded sandbox behind FastAPI's TestClient."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sandbox.app import create_app, runtime_of
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.runtime import SandboxRuntime

TODAY = date(2026, 11, 4)  # a Wednesday
HEADERS = {"X-API-Key": DEV_API_KEY}
SCOPED_KEY = "scoped-key"


@pytest.fixture
def make_config() -> Callable[..., SandboxConfig]:
    """A config factory with small defaults; override any field."""

    def make(**overrides: Any) -> SandboxConfig:
        base = SandboxConfig(
            seed=11,
            centers=3,
            staff_per_center=12,
            today=TODAY,
            api_keys={DEV_API_KEY: None, SCOPED_KEY: frozenset({"S0001"})},
        )
        return replace(base, **overrides)

    return make


@pytest.fixture
def client(make_config: Callable[..., SandboxConfig]) -> Iterator[TestClient]:
    with TestClient(create_app(make_config())) as test_client:
        yield test_client


@pytest.fixture
def runtime(client: TestClient) -> SandboxRuntime:
    return runtime_of(client.app)  # type: ignore[arg-type]
