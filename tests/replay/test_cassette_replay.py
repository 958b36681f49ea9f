"""Replay the recorded cassettes with no sandbox running: the client parses real recorded traffic.

Re-record with `.venv/bin/python tests/record_cassettes.py` after a change to the surface or a scenario.
"""

from __future__ import annotations

import pytest

from tests.replay.client_scenarios import RECORD_HOST, SCENARIOS, make_clients
from tests.replay.sandbox_setup import KEYS
from tests.replay.vcr_setup import build_vcr, cassette_path

# Any values do: the key header was filtered out of the recordings and is not matched on.
REPLAY_KEYS = {"main": "replay-main", "scoped": "replay-scoped", "bad": "replay-bad"}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
async def test_scenario_replays_from_its_cassette(name: str) -> None:
    path = cassette_path(name)
    assert path.exists(), f"{path} is missing: run .venv/bin/python tests/record_cassettes.py"
    with build_vcr(record_mode="none").use_cassette(str(path)) as cassette:
        clients = make_clients(RECORD_HOST, keys=REPLAY_KEYS, max_retries=0)
        try:
            await SCENARIOS[name](clients)
        finally:
            await clients.aclose()
    assert cassette.all_played, "the scenario no longer makes every recorded request: re-record"
    assert cassette.play_count == len(cassette) > 0


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_cassettes_hold_no_secret_and_no_port(name: str) -> None:
    text = cassette_path(name).read_text()
    for key in KEYS.values():
        assert key not in text
    assert "x-api-key" not in text.lower()
    assert "127.0.0.1" not in text


async def test_an_unrecorded_request_fails_instead_of_reaching_the_network() -> None:
    from vcr.errors import CannotOverwriteExistingCassetteException

    with build_vcr(record_mode="none").use_cassette(str(cassette_path("reads"))):
        clients = make_clients(RECORD_HOST, keys=REPLAY_KEYS, max_retries=0)
        try:
            with pytest.raises(CannotOverwriteExistingCassetteException):
                await clients.main.get_employee("never-recorded")
        finally:
            await clients.aclose()
