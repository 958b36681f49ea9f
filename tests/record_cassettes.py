"""Re-record every HTTP cassette in tests/cassettes/ against a sandbox started in this process.

    .venv/bin/python tests/record_cassettes.py            # every scenario
    .venv/bin/python tests/record_cassettes.py writes     # only the named ones

Each scenario of tests/replay/client_scenarios.py runs against a fresh sandbox (fixed seed, `today`
2026-11-02 and a frozen clock, so a re-recording gives the same data) while vcrpy records it. The API key
header is filtered out and the random port rewritten to http://procare.sandbox, so the replay tests
(tests/replay/test_cassette_replay.py) run with no server at all. A scenario that fails is not saved.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sandbox.server import running_sandbox  # noqa: E402
from tests.replay.client_scenarios import SCENARIOS, make_clients  # noqa: E402
from tests.replay.sandbox_setup import KEYS, sandbox_config  # noqa: E402
from tests.replay.vcr_setup import build_vcr, cassette_path  # noqa: E402


async def record(name: str, base_url: str) -> int:
    """Run one scenario under a recording cassette; return the number of interactions saved."""
    path = cassette_path(name)
    partial = path.with_suffix(".recording.yaml")
    partial.unlink(missing_ok=True)
    with build_vcr(record_mode="all", live_base_url=base_url).use_cassette(str(partial)) as cassette:
        clients = make_clients(base_url, keys=KEYS, max_retries=0)
        try:
            await SCENARIOS[name](clients)
        finally:
            await clients.aclose()
    partial.replace(path)
    return len(cassette)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Re-record the Procare client cassettes.")
    parser.add_argument("names", nargs="*", metavar="scenario", help=f"any of {', '.join(sorted(SCENARIOS))}")
    names = parser.parse_args(argv).names or sorted(SCENARIOS)
    unknown = sorted(set(names) - set(SCENARIOS))
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(unknown)}")
    for name in names:
        with running_sandbox(sandbox_config()) as url:
            count = asyncio.run(record(name, url))
        print(f"{cassette_path(name).relative_to(ROOT)}: {count} interactions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
