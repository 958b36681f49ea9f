"""`/metrics` by caller (issue 10 item 9, DESIGN.md "HTTP API"): a scrape (service) token and hr_admin see
the whole service; a director or auditor sees only the gauges of their own centers and none of this
process's counters, which span every center."""

from __future__ import annotations

import re

import pytest

from tests.integration.api.harness import Harness

pytestmark = pytest.mark.integration


def gauge(text: str, name: str, status: str | None = None) -> float:
    label = "" if status is None else f'{{status="{status}"}}'
    match = re.search(rf"^{re.escape(name + label)} (\S+)$", text, re.MULTILINE)
    assert match, f"{name}{label} missing"
    return float(match.group(1))


async def test_each_caller_sees_the_figures_of_what_it_may_see(harness: Harness) -> None:
    await harness.pending_thread("S1", "E1")
    await harness.pending_thread("S2", "E2")
    await harness.pending_thread("S2", "E2")
    seen = {
        who: (await harness.client.get("/metrics", headers=harness.auth(who))).text
        for who in ("director", "director_b", "auditor", "hr_admin", "service")
    }
    pending = {who: gauge(text, "procare_ai_pending_approvals") for who, text in seen.items()}
    assert pending == {"director": 1, "director_b": 2, "auditor": 1, "hr_admin": 3, "service": 3}
    threads = {who: gauge(text, "procare_ai_threads", "awaiting_review") for who, text in seen.items()}
    assert threads == pending
    jobs = {who: gauge(text, "procare_ai_event_jobs", "done") for who, text in seen.items()}
    assert jobs == pending  # each thread's event ran to its interrupt
    for who in ("director", "director_b", "auditor"):
        assert "procare_ai_webhook_events_received" not in seen[who], who
        assert "procare_ai_decisions" not in seen[who], who
        assert gauge(seen[who], "procare_ai_database_up") == 1
    for who in ("hr_admin", "service"):
        assert 'procare_ai_webhook_events_received_total{outcome="accepted"} 3.0' in seen[who], who
