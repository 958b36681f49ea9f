"""Fixtures for the Procare client tests: clients wired to a FakeProcare, a recording sleep."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from tests.unit.tools.procare_fakes import API_KEY, FakeProcare, SleepRecorder
from tools.client import ProcareClient


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
async def make_client(sleeps: SleepRecorder) -> AsyncIterator[Callable[..., ProcareClient]]:
    """Build clients over a FakeProcare; all are closed at teardown."""
    made: list[ProcareClient] = []

    def make(fake: FakeProcare, **kwargs: Any) -> ProcareClient:
        options: dict[str, Any] = {"max_retries": 5, "backoff_base": 0.01, "backoff_max": 10, "sleep": sleeps}
        options.update(kwargs)
        client = ProcareClient(
            base_url="http://procare.test", api_key=API_KEY, transport=httpx.MockTransport(fake), **options
        )
        made.append(client)
        return client

    yield make
    for client in made:
        await client.aclose()
