"""`GET /approvals` pages with a cursor and says how many wait in all (issue 10 item 9, DESIGN.md "HTTP
API": `{items, next_cursor, total}`); a page neither skips nor repeats a review decided between pages."""

from __future__ import annotations

from typing import Any

import pytest

from services.tokens import create_token
from tests.integration.api.harness import Harness

pytestmark = pytest.mark.integration

REJECT_BOTH = {"decisions": [{"type": "reject"}, {"type": "reject"}]}


async def page(h: Harness, who: str, **params: str | int) -> dict[str, Any]:
    answer = await h.client.get("/approvals", params=params, headers=h.auth(who))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


async def test_pages_walk_every_pending_review_once_with_the_total(harness: Harness) -> None:
    before_mine = (await page(harness, "director", limit=500))["items"]
    before_all = (await page(harness, "hr_admin", limit=500))["total"]
    assert isinstance(before_mine, list) and isinstance(before_all, int)
    earlier = [i["thread_id"] for i in before_mine]
    mine = [await harness.pending_thread("S1", "E1") for _ in range(5)]
    theirs = [await harness.pending_thread("S2", "E2") for _ in range(2)]
    seen: list[str] = []
    totals = set()
    cursor = None
    decided = None
    for _ in range(10):
        body = await page(harness, "director", limit=2, **({"cursor": cursor} if cursor else {}))
        items = body["items"]
        assert isinstance(items, list) and len(items) <= 2
        seen += [i["thread_id"] for i in items]
        totals.add(body["total"])
        if decided is None:  # a review of a later page is decided between pages: it simply drops out
            decided = mine[3]
            answer = await harness.client.post(
                f"/approvals/{decided}/decisions", json=REJECT_BOTH, headers=harness.auth("director")
            )
            assert answer.status_code == 200, answer.text
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == earlier + [t for t in mine if t != decided]  # oldest first, none skipped or repeated
    assert totals == {len(earlier) + 5, len(earlier) + 4}
    everyone = await page(harness, "hr_admin", limit=500)
    assert everyone["total"] == before_all + 6 and everyone["next_cursor"] is None
    assert {*mine, *theirs} - {decided} <= {i["thread_id"] for i in everyone["items"]}


async def test_an_empty_page_still_says_the_total_and_bad_cursors_or_limits_are_422(harness: Harness) -> None:
    await harness.pending_thread("S1", "E1")
    harness.tokens["elsewhere"] = await create_token(
        harness.services.pool, "director", ["S7"], f"s7-{harness.suffix}", now=harness.services.now()
    )
    nobody = await page(harness, "elsewhere")
    assert nobody == {"items": [], "next_cursor": None, "total": 0}
    total = (await page(harness, "director"))["total"]
    assert isinstance(total, int) and total >= 1
    last = None
    cursor = None
    while True:  # walking one at a time ends on a last page without a cursor
        body = await page(harness, "director", limit=1, **({"cursor": cursor} if cursor else {}))
        assert body["total"] == total
        cursor = body["next_cursor"]
        if cursor is None:
            last = body
            break
    assert len(last["items"]) == 1
    for params in ({"cursor": "not-a-cursor"}, {"cursor": "W10"}, {"limit": 0}, {"limit": 501}):
        answer = await harness.client.get("/approvals", params=params, headers=harness.auth("director"))
        assert answer.status_code == 422 and answer.json()["error"] == "invalid_input", params
