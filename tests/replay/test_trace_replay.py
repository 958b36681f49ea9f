"""Replay a recorded graph trace from its recorded cassette, with no sandbox running.

A change to an agent, a policy or the graph that alters what was read, found, proposed, decided or
written shows up here as a diff against tests/traces/credentials_scan.json.
"""

from __future__ import annotations

from graph.trace import load_trace, normalized, replay
from tests.replay.client_scenarios import RECORD_HOST
from tests.replay.graph_trace import CASSETTE, CONTEXT, TRACE, graph_deps
from tests.replay.vcr_setup import build_vcr
from tools.client import ProcareClient


async def test_recorded_trace_replays_identically_from_the_cassette() -> None:
    trace = load_trace(TRACE)
    with build_vcr(record_mode="none").use_cassette(str(CASSETTE)) as cassette:
        async with ProcareClient(
            base_url=RECORD_HOST, api_key="replay-needs-no-key", max_retries=0
        ) as client:
            state = await replay(trace, graph_deps(client), CONTEXT)
        assert cassette.play_count == len(cassette)  # every recorded answer was used
    recorded = trace["final"]
    assert normalized(state.model_dump(mode="json")) == normalized(recorded)
    kinds = {d["type"] for d in recorded["decisions"]}
    assert kinds == {"approve", "edit", "reject"}
    assert [r["ok"] for r in recorded["results"]] == [True, True]
