"""The client against a live sandbox on a loopback port: the shared scenarios, faults, rate limits, logs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator

import pytest

from sandbox.server import running_sandbox
from tests.replay.client_scenarios import SCENARIOS, Clients, make_clients
from tests.replay.sandbox_setup import KEYS, sandbox_config
from tools.client import ProcareClient
from tools.errors import ProcareRateLimited, ProcareUnavailable


@pytest.fixture
def sandbox_url() -> Iterator[str]:
    with running_sandbox(sandbox_config()) as url:
        yield url


@pytest.fixture
async def clients(sandbox_url: str) -> AsyncIterator[Clients]:
    made = make_clients(sandbox_url, keys=KEYS, max_retries=0)
    yield made
    await made.aclose()


@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_scenario_live(clients: Clients, name: str) -> None:
    await SCENARIOS[name](clients)


async def test_fault_mode_500s_are_recovered_by_retries(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="tools.client")
    with running_sandbox(sandbox_config()) as url:
        async with ProcareClient(base_url=url, api_key=KEYS["main"]) as client:
            expected = sorted([e.employee_id async for e in client.iter_employees()])
    with running_sandbox(sandbox_config(fault_rate=0.4, fault_seed=3)) as url:
        async with ProcareClient(
            base_url=url,
            api_key=KEYS["main"],
            page_size=3,
            max_retries=12,
            backoff_base=0.001,
            backoff_max=0.01,
        ) as client:
            streamed = sorted([e.employee_id async for e in client.iter_employees()])
    assert streamed == expected
    retried = [r for r in caplog.records if "HTTP 500" in r.getMessage() and "retrying" in r.getMessage()]
    assert retried, "fault mode should have answered some 500s"


async def test_fault_mode_gives_up_with_a_clear_error() -> None:
    with running_sandbox(sandbox_config(fault_rate=1.0)) as url:
        async with ProcareClient(
            base_url=url, api_key=KEYS["main"], max_retries=2, backoff_base=0.001, backoff_max=0.01
        ) as client:
            with pytest.raises(ProcareUnavailable) as info:
                await client.get_school("S0001")
    assert info.value.status == 500 and info.value.attempts == 3
    assert "gave up after 3 attempts" in str(info.value)


class SharedClock:
    """The sandbox's rate-limit clock, advanced only by the client's backoff sleeps: no real waiting."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


async def test_rate_limit_429s_are_waited_out_with_retry_after() -> None:
    clock = SharedClock()
    config = sandbox_config(rate_limit=0.5, rate_burst=1, clock=clock)
    with running_sandbox(config) as url:
        async with ProcareClient(
            base_url=url, api_key=KEYS["main"], page_size=2, max_retries=3, sleep=clock.sleep
        ) as client:
            got = [e async for e in client.iter_employees(school_id="S0001")]
    pages = -(-len(got) // 2)
    assert len(got) >= 6
    # One token every 2 s and a burst of 1: every page after the first is refused once with Retry-After: 2.
    assert clock.waits == [2.0] * (pages - 1)


async def test_persistent_429_raises_rate_limited() -> None:
    clock = SharedClock()
    frozen = sandbox_config(rate_limit=0.5, rate_burst=1, clock=lambda: 1000.0)
    with running_sandbox(frozen) as url:
        async with ProcareClient(
            base_url=url, api_key=KEYS["main"], max_retries=2, sleep=clock.sleep
        ) as client:
            await client.get_school("S0001")
            with pytest.raises(ProcareRateLimited) as info:
                await client.get_school("S0001")
    assert info.value.status == 429 and info.value.attempts == 3
    assert clock.waits == [2.0, 2.0]
    assert "rate limit exceeded" in str(info.value)


async def test_api_key_is_not_logged_on_the_real_transport(
    sandbox_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with ProcareClient(base_url=sandbox_url, api_key=KEYS["main"]) as client:
        _ = [s async for s in client.iter_schools()]
    async with ProcareClient(base_url=sandbox_url, api_key=KEYS["bad"], max_retries=0) as bad:
        with pytest.raises(Exception):  # noqa: B017 - the type is checked by the errors scenario
            await bad.get_school("S0001")
    assert any(r.name.startswith("httpcore") for r in caplog.records)
    for key in KEYS.values():
        assert key not in caplog.text
