"""Thread ids cannot collide: `<center_id>:<event_id>` over charsets checked at ingest (issue 10 item 5)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from agents.common.types import Event
from api.requests import WebhookBody
from policies.errors import InvalidInput
from services.runner import thread_id_for

WHEN = datetime(2026, 11, 2, 14, 30, tzinfo=UTC)


def event(center: str, event_id: str) -> Event:
    return Event(id=event_id, type="staff.updated", occurred_at=WHEN, center_id=center)


def test_the_old_collision_gives_two_threads() -> None:
    # `center + "--" + id` gave both of these the thread "S0001--zz--X"
    assert thread_id_for(event("S0001", "zz--X")) == "S0001:zz--X"
    assert thread_id_for(event("S0001--zz", "X")) == "S0001--zz:X"


def test_distinct_pairs_give_distinct_threads() -> None:
    centers = ["S1", "S1-a", "S1.a", "S1_a", "a"]
    ids = ["a", "a-S1", "S1-a", "evt_1", "1.2~3"]
    threads = {thread_id_for(event(c, i)) for c in centers for i in ids}
    assert len(threads) == len(centers) * len(ids)


@pytest.mark.parametrize(
    ("center", "event_id"),
    [("S1:x", "e1"), ("S1", "e 1"), ("S1", "e/1"), ("S1", "é1"), ("", "e1"), ("S1", "-e1"), ("S1", "e:1")],
)
def test_ids_outside_the_charsets_are_refused(center: str, event_id: str) -> None:
    with pytest.raises(InvalidInput, match="URL-safe"):
        thread_id_for(event(center, event_id))
    body: dict[str, Any] = {
        "id": event_id,
        "type": "staff.updated",
        "occurred_at": WHEN.isoformat(),
        "center_id": center,
    }
    with pytest.raises(ValidationError):
        WebhookBody.model_validate(body)


def test_webhook_ids_of_standard_senders_pass() -> None:
    body = WebhookBody.model_validate(
        {
            "id": "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W",
            "type": "staff.updated",
            "occurred_at": WHEN.isoformat(),
            "center_id": "S0001",
        }
    )
    assert thread_id_for(Event.model_validate(body.model_dump())) == "S0001:msg_2KWPBgLlAfxdpx2AI54pPJ85f4W"
