"""`GET /events` and `POST /events/{event_id}/retry`: parked events, scoped to the caller's centers."""

from __future__ import annotations

import pytest

from checkpoints.events import begin_attempt, park
from tests.integration.api.harness import Harness, event_body

pytestmark = pytest.mark.integration


async def _parked(h: Harness, center: str = "S1") -> str:
    body = event_body(center=center, employee_id="E1" if center == "S1" else "E2")
    assert (await h.deliver(body)).status_code == 202
    stored = await begin_attempt(h.services.pool, body["id"])
    assert stored is not None
    await park(h.services.pool, stored, "TypeError: Type is not msgpack serializable: Event")
    return str(body["id"])


async def test_a_parked_event_is_listed_for_its_center_with_why(harness: Harness) -> None:
    h = harness
    mine, theirs = await _parked(h, "S1"), await _parked(h, "S2")
    answer = await h.client.get("/events", params={"status": "failed"}, headers=h.auth("director"))
    assert answer.status_code == 200, answer.text
    rows = {r["event_id"]: r for r in answer.json()}
    assert mine in rows and theirs not in rows  # a director of S1 sees S1 only
    assert rows[mine]["job_status"] == "failed" and rows[mine]["attempts"] == 1
    assert rows[mine]["job_error"].startswith("TypeError")
    everyone = await h.client.get("/events", params={"status": "failed"}, headers=h.auth("hr_admin"))
    assert {mine, theirs} <= {r["event_id"] for r in everyone.json()}
    async with h.services.pool.connection() as conn:
        sql = "SELECT status FROM audit_threads WHERE thread_id = %s"
        row = await (await conn.execute(sql, (rows[mine]["thread_id"],))).fetchone()
    assert row is not None and row["status"] == "failed"  # type: ignore[call-overload]
    assert (await h.client.get("/events", headers=h.auth("service"))).status_code == 403
    bad = await h.client.get("/events", params={"status": "lost"}, headers=h.auth("director"))
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_input"


async def test_retry_queues_a_parked_event_once(harness: Harness) -> None:
    h = harness
    event_id = await _parked(h)
    before = len(h.enqueuer.jobs)
    assert (await h.client.post(f"/events/{event_id}/retry", headers=h.auth("auditor"))).status_code == 403
    assert (await h.client.post(f"/events/{event_id}/retry", headers=h.auth("director_b"))).status_code == 404
    answer = await h.client.post(f"/events/{event_id}/retry", headers=h.auth("director"))
    assert answer.status_code == 202, answer.text
    assert answer.json()["job_status"] == "queued" and answer.json()["attempts"] == 0
    (job,) = h.enqueuer.jobs[before:]
    assert job.event_id == event_id and job.lock == "staff:S1:E1"
    again = await h.client.post(f"/events/{event_id}/retry", headers=h.auth("director"))
    assert again.status_code == 409 and again.json()["error"] == "conflict"
