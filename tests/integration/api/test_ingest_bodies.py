"""Signed bodies the store cannot keep faithfully: 413, 415, 422, never a 500 (issue 10 item 4)."""

from __future__ import annotations

import json

import pytest

from tests.integration.api.harness import Harness, event_body

pytestmark = pytest.mark.integration


async def stored_events(h: Harness) -> int:
    async with h.services.pool.connection() as conn:
        row = await (await conn.execute("SELECT count(*) AS n FROM webhook_events")).fetchone()
    return int(row["n"])  # type: ignore[index, call-overload]


def with_data(raw: str) -> bytes:
    """A valid event body whose `data` is the given JSON text (spliced in, so it is sent as written)."""
    body = event_body()
    body["data"] = "@@"
    return json.dumps(body).replace('"@@"', raw).encode()


@pytest.mark.parametrize(
    "raw",
    [
        '{"bio": "nul \\u0000 here"}',
        '{"bio": "\\ud83d alone"}',
        '{"rate": NaN}',
        '{"rate": Infinity}',
        '{"n": 9223372036854775808}',
        '{"n": ' + "7" * 401 + "}",
        '{"d": ' + '{"d": ' * 1000 + "1" + "}" * 1000 + "}",
        '{"a": 1, "a": 2}',
    ],
)
async def test_unstorable_signed_json_is_422_and_nothing_is_stored(harness: Harness, raw: str) -> None:
    before = await stored_events(harness)
    answer = await harness.deliver(with_data(raw))
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "invalid_input" and answer.json()["fields"][0]["field"] == "body"
    assert await stored_events(harness) == before and harness.enqueuer.jobs == []


async def test_a_50_mb_signed_body_is_413(harness: Harness) -> None:
    body = event_body(data={"bio": "x" * (50 * 1024 * 1024)})
    answer = await harness.deliver(body)
    assert answer.status_code == 413, answer.text[:200]
    assert answer.json()["error"] == "payload_too_large"
    assert await stored_events(harness) == 0


async def test_a_body_just_under_the_limit_is_accepted(harness: Harness) -> None:
    body = event_body(data={"employee_id": "E1", "note": ""})
    padding = 256 * 1024 - len(json.dumps(body).encode())
    body["data"]["note"] = "x" * padding
    raw = json.dumps(body).encode()
    assert len(raw) == 256 * 1024
    answer = await harness.deliver(raw)
    assert answer.status_code == 202, answer.text


async def test_a_signed_body_that_is_not_json_typed_is_415(harness: Harness) -> None:
    answer = await harness.deliver(event_body(), headers={"content-type": "text/plain"})
    assert answer.status_code == 415, answer.text
    assert answer.json()["error"] == "unsupported_media_type"


async def test_openapi_documents_every_answer_of_the_route(harness: Harness) -> None:
    spec = (await harness.client.get("/openapi.json")).json()
    documented = set(spec["paths"]["/webhooks/procare"]["post"]["responses"])
    assert {"200", "202", "401", "403", "409", "413", "415", "422"} <= documented
