"""Thread ids on the real Postgres: no two (center, event) pairs share one; bad id charsets are refused."""

from __future__ import annotations

import pytest

from checkpoints.events import load_event
from tests.integration.api.harness import Harness, event_body

pytestmark = pytest.mark.integration


async def test_the_old_collision_lands_on_two_threads(harness: Harness) -> None:
    first = await harness.deliver(event_body(center="S1", id="zz--X"))
    second = await harness.deliver(event_body(center="S1--zz", id="X"))
    assert first.status_code == 202 and second.status_code == 202, (first.text, second.text)
    assert first.json()["thread_id"] == "S1:zz--X"
    assert second.json()["thread_id"] == "S1--zz:X"
    assert [j.thread_id for j in harness.enqueuer.jobs[-2:]] == ["S1:zz--X", "S1--zz:X"]


@pytest.mark.parametrize(
    ("field", "value"), [("center_id", "S1:zz"), ("id", "a b"), ("id", "x/../y"), ("center_id", "S\u00e91")]
)
async def test_ids_outside_the_charset_are_422_and_nothing_is_stored(
    harness: Harness, field: str, value: str
) -> None:
    body = event_body(**{field: value})
    answer = await harness.deliver(body)
    assert answer.status_code == 422, answer.text
    assert answer.json()["fields"][0]["field"] == f"body.{field}"
    assert await load_event(harness.services.pool, body["id"]) is None
    assert harness.enqueuer.jobs == []


async def test_an_event_id_taken_by_another_center_is_409_and_names_no_thread(harness: Harness) -> None:
    first = await harness.deliver(event_body(center="S1", id="evt-shared-1"))
    assert first.status_code == 202
    other = await harness.deliver(event_body(center="S2", id="evt-shared-1"))
    assert other.status_code == 409, other.text
    assert "S1" not in other.text and "another center" in other.json()["message"]
    assert len(harness.enqueuer.jobs) == 1
