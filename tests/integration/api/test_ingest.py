"""POST /webhooks/procare on the real Postgres: signature first, body validation, dedupe, atomic enqueue."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from api.webhook_signature import signed_headers
from checkpoints.events import load_event
from tests.integration.api.harness import SECRET, Harness, event_body

pytestmark = pytest.mark.integration

OTHER_SECRET = "whsec_" + "b3RoZXItc2VjcmV0LW90aGVyLXNlY3JldC0xMjM0NTY="


async def stored_count(h: Harness, event_id: str) -> int:
    async with h.services.pool.connection() as conn:
        row = await (
            await conn.execute("SELECT count(*) AS n FROM webhook_events WHERE event_id = %s", (event_id,))
        ).fetchone()
    return int(row["n"])  # type: ignore[index, call-overload]


async def test_first_delivery_is_stored_enqueued_and_answered_202(harness: Harness) -> None:
    body = event_body()
    answer = await harness.deliver(body)
    assert answer.status_code == 202, answer.text
    out = answer.json()
    assert out == {"event_id": body["id"], "thread_id": f"S1:{body['id']}", "duplicate": False}
    stored = await load_event(harness.services.pool, body["id"])
    assert stored is not None and stored.job_status == "queued"
    assert stored.event.data == {"employee_id": "E1"} and stored.thread_id == out["thread_id"]
    assert [(j.event_id, j.thread_id, j.lock) for j in harness.enqueuer.jobs] == [
        (body["id"], out["thread_id"], "staff:S1:E1")
    ]


async def test_duplicate_delivery_answers_200_same_thread_and_starts_nothing(harness: Harness) -> None:
    body = event_body()
    first = await harness.deliver(body)
    (outcome,) = await harness.run_jobs()
    again = await harness.deliver(body)  # a retry: new webhook-id/timestamp, same event id
    assert first.status_code == 202 and again.status_code == 200
    assert again.json() == {**first.json(), "duplicate": True}
    assert len(harness.enqueuer.jobs) == 1
    assert await stored_count(harness, body["id"]) == 1
    assert await harness.run_jobs() == []
    assert (
        await harness.services.runner.outcome(outcome.thread_id)
    ).state.proposals == outcome.state.proposals


async def test_concurrent_duplicates_store_and_enqueue_once(harness: Harness) -> None:
    body = event_body()
    answers = await asyncio.gather(*(harness.deliver(body) for _ in range(6)))
    assert sorted(a.status_code for a in answers) == [200] * 5 + [202]
    assert {a.json()["thread_id"] for a in answers} == {f"S1:{body['id']}"}
    assert len(harness.enqueuer.jobs) == 1 and await stored_count(harness, body["id"]) == 1


async def test_center_wide_event_locks_the_center(harness: Harness) -> None:
    answer = await harness.deliver(event_body(employee_id=None, type_="schedule.published"))
    assert answer.status_code == 202
    assert harness.enqueuer.jobs[-1].lock == "center:S1"


async def test_a_failing_enqueue_stores_nothing_and_a_retry_succeeds(harness: Harness) -> None:
    body = event_body()
    harness.enqueuer.fail = True
    broken = await harness.deliver(body)
    assert broken.status_code == 500
    assert broken.json() == {"error": "internal_error", "message": "internal error; see the server log"}
    assert await stored_count(harness, body["id"]) == 0  # event and job commit together or not at all
    harness.enqueuer.fail = False
    retry = await harness.deliver(body)
    assert retry.status_code == 202 and retry.json()["duplicate"] is False
    assert len(harness.enqueuer.jobs) == 1


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ("body", "no webhook signature matches"),
        ("secret", "no webhook signature matches"),
        ("stale", "too old"),
        ("future", "in the future"),
        ("missing", "missing webhook header"),
    ],
)
async def test_bad_signatures_are_refused_with_401_before_anything_else(
    harness: Harness, tamper: str, message: str
) -> None:
    body = event_body()
    raw = json.dumps(body).encode()
    now = int(time.time())
    signed = signed_headers(OTHER_SECRET if tamper == "secret" else SECRET, "msg_x", now, raw)
    if tamper == "stale":
        signed = signed_headers(SECRET, "msg_x", now - 301, raw)
    if tamper == "future":
        signed = signed_headers(SECRET, "msg_x", now + 301, raw)
    if tamper == "missing":
        del signed["webhook-signature"]
    sent = raw.replace(b"S1", b"S2") if tamper == "body" else raw
    # no bearer token either: the signature is judged first
    answer = await harness.client.post("/webhooks/procare", content=sent, headers=signed)
    assert answer.status_code == 401
    assert answer.json()["error"] == "bad_signature" and message in answer.json()["message"]
    assert await stored_count(harness, body["id"]) == 0 and harness.enqueuer.jobs == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"type": "staff.updated", "occurred_at": "2026-11-02T08:30:00Z", "center_id": "S1"}, "body.id"),
        ({"id": "e1", "type": "staff.updated", "occurred_at": "2026-11-02T08:30:00Z"}, "body.center_id"),
        (
            {"id": "e1", "type": "staff.updated", "occurred_at": "yesterday", "center_id": "S1"},
            "body.occurred_at",
        ),
        (
            {"id": "e1", "type": "staff.updated", "occurred_at": "2026-11-02T08:30:00", "center_id": "S1"},
            "body.occurred_at",
        ),
        ({"id": "e1", "type": "", "occurred_at": "2026-11-02T08:30:00Z", "center_id": "S1"}, "body.type"),
        (
            {"id": "e1", "type": "x", "occurred_at": "2026-11-02T08:30:00Z", "center_id": "S1", "data": [1]},
            "body.data",
        ),
    ],
)
async def test_malformed_bodies_are_422_naming_the_field(
    harness: Harness, body: dict[str, Any], field: str
) -> None:
    answer = await harness.deliver(body)
    assert answer.status_code == 422, answer.text
    out = answer.json()
    assert out["error"] == "invalid_input"
    assert field in [f["field"] for f in out["fields"]] and field in out["message"]
    assert harness.enqueuer.jobs == []


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b""])
async def test_non_object_bodies_are_422(harness: Harness, raw: bytes) -> None:
    answer = await harness.deliver(raw)
    assert answer.status_code == 422
    assert answer.json()["fields"][0]["field"] == "body"


async def test_unknown_event_type_is_accepted_recorded_and_ends_with_a_finding(harness: Harness) -> None:
    body = event_body(type_="mystery.happened", employee_id=None)
    answer = await harness.deliver(body)
    assert answer.status_code == 202
    (outcome,) = await harness.run_jobs()
    assert outcome.status == "done"
    assert [f.kind for f in outcome.state.findings] == ["unrouted_event"]
    audit = await harness.client.get("/audit", params={"center_id": "S1"}, headers=harness.auth("director"))
    assert body["id"] in {e["event"]["id"] for e in audit.json()}


async def test_service_token_scoped_to_a_center_cannot_deliver_for_another(harness: Harness) -> None:
    from services.tokens import create_token

    harness.tokens["service_s2"] = await create_token(
        harness.services.pool, "service", ["S2"], "svc-s2-" + str(time.time_ns()), now=harness.services.now()
    )
    refused = await harness.deliver(event_body(center="S1"), who="service_s2")
    allowed = await harness.deliver(event_body(center="S2", employee_id="E2"), who="service_s2")
    assert (refused.status_code, allowed.status_code) == (403, 202)


async def test_the_signature_suffices_and_a_token_sent_must_be_valid(harness: Harness) -> None:
    assert (await harness.deliver(event_body(), who=None)).status_code == 202
    assert (await harness.deliver(event_body(), who="bad_token")).status_code == 401
    assert (
        await harness.deliver(event_body(), who="director")
    ).status_code == 403  # a wrong token still fails
    unsigned = await harness.client.post("/webhooks/procare", content=json.dumps(event_body()).encode())
    assert unsigned.status_code == 401
