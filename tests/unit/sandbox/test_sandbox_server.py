"""`running_sandbox` serves over real HTTP on a free loopback port and stops cleanly."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.server import running_sandbox, sandbox_server
from tools import models


def test_running_sandbox_serves_and_stops(make_config: Callable[..., SandboxConfig]) -> None:
    with running_sandbox(make_config()) as url:
        assert url.startswith("http://127.0.0.1:")
        answer = httpx.get(f"{url}/v1/employees", params={"limit": 3}, headers={"X-API-Key": DEV_API_KEY})
        page = models.Page[models.Employee].model_validate(answer.json())
        assert len(page.data) == 3 and page.next_cursor
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/_sandbox/health")


def test_state_of_the_running_instance_is_reachable(make_config: Callable[..., SandboxConfig]) -> None:
    with sandbox_server(make_config()) as running:
        running.state.add_incidents(
            "S0002",
            [
                {
                    "occurred_at": "2026-11-03T10:00:00-06:00",
                    "kind": "injury",
                    "severity": "high",
                    "description": "Fell from the climber.",
                }
            ],
        )
        rows = httpx.get(
            f"{running.url}/v1/incidents", params={"school_id": "S0002"}, headers={"X-API-Key": DEV_API_KEY}
        ).json()["data"]
        assert "Fell from the climber." in [r["description"] for r in rows]


def test_config_refuses_bad_settings(make_config: Callable[..., SandboxConfig]) -> None:
    for bad in (
        {"fault_rate": 1.5},
        {"webhook_url": "http://127.0.0.1:1/"},
        {"rate_limit": 0},
        {"webhook_secret": "plain"},
        {"centers": 0},
    ):
        with pytest.raises(ValueError):
            make_config(**bad).validated()
