"""Re-record the graph trace and its cassette: `.venv/bin/python tests/record_traces.py`.

Runs tests/replay/graph_trace.py's scan against a sandbox started in this process (fixed seed, `today`
and clock) under a recording cassette, resumes it with the recorded decisions, and writes
tests/traces/credentials_scan.json. Commit both files; test_trace_replay.py replays them offline.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from langgraph.checkpoint.memory import InMemorySaver  # noqa: E402
from langgraph.types import Command  # noqa: E402

from checkpoints.saver import make_serializer  # noqa: E402
from graph import deps as provider  # noqa: E402
from graph.builder import build_graph  # noqa: E402
from graph.state import GraphState  # noqa: E402
from graph.trace import trace_of  # noqa: E402
from sandbox.server import running_sandbox  # noqa: E402
from services.runner import GraphRunner  # noqa: E402
from tests.replay.client_scenarios import RECORD_HOST  # noqa: E402
from tests.replay.graph_trace import (  # noqa: E402
    CASSETTE,
    CONTEXT,
    EVENT,
    TRACE,
    decisions_for,
    graph_deps,
)
from tests.replay.sandbox_setup import KEYS, sandbox_config  # noqa: E402
from tests.replay.vcr_setup import build_vcr  # noqa: E402
from tools.client import ProcareClient  # noqa: E402


async def record(base_url: str) -> None:
    partial = CASSETTE.with_suffix(".recording.yaml")
    partial.unlink(missing_ok=True)
    with build_vcr(record_mode="all", live_base_url=base_url).use_cassette(str(partial)):
        async with ProcareClient(base_url=base_url, api_key=KEYS["main"], max_retries=0) as client:
            graph = build_graph(InMemorySaver(serde=make_serializer()))
            runner = GraphRunner(graph, CONTEXT, graph_deps(client))
            first = await runner.start(EVENT)
            assert first.request is not None, "the recorded scan must pause for review"
            resume = {**decisions_for(first.request), "reviewer": "recorded-director"}
            # Resumed on the graph itself, as graph.trace.replay re-drives it: the runner's own review-time
            # reads (graph.targets, before the graph moves) are not part of the graph's run.
            config: Any = {"configurable": {"thread_id": first.thread_id}}
            with provider.use(runner.deps):
                out = await graph.ainvoke(Command(resume=resume), config, context=CONTEXT)
            done = GraphState.model_validate({k: v for k, v in out.items() if k in GraphState.model_fields})
    partial.replace(CASSETTE)
    trace = trace_of(done)
    TRACE.parent.mkdir(parents=True, exist_ok=True)
    TRACE.write_text(json.dumps(trace, indent=2, sort_keys=True).replace(base_url, RECORD_HOST) + "\n")
    print(f"{CASSETTE.relative_to(ROOT)} and {TRACE.relative_to(ROOT)}: {len(done.results)} write(s)")


def main() -> int:
    with running_sandbox(sandbox_config()) as url:
        asyncio.run(record(url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
